"""Submission load: 50 clients sending repair requests to gunicorn for 30 s, one worker killed.

Starts gunicorn (production settings, 2 sync workers, 127.0.0.1 on a free port) over a
scratch SQLite file or ``--database-url`` (migrated and seeded with ``seed_demo`` on the
first run), and runs ``--clients`` threads for ``--seconds``. Each client does what a
student's browser does: GET the repair page (CSRF cookie and token, one-time submission
token, a matter), POST a room, follow the redirect to the thank-you page and read the
tracking code on it. Half-way through one worker gets SIGKILL; gunicorn starts another.
Then it prints accepted answers (thank-you pages with a code) against cases stored with those
codes (they must be equal), 5xx answers, connection errors and submissions per second.

The submission rate limit (5 per 10 minutes per address) would refuse nearly all of it: the
one thing changed from production is ``GRID_PAGES_CASES_SUBMIT_RATE``, through the settings
module ``bench/_submit_load_settings.py``. Mail goes to the dummy backend (no SMTP server here).

    .venv/bin/python bench/submit_load.py [--clients 50] [--seconds 30] [--database-url URL]
"""

import argparse
import html
import io
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CODE = re.compile(r"/track/([2-9A-Z]{8})/")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(database_url, static_root):
    """Migrate and seed the database, collect static files once; returns (repair path, room)."""
    from grid_bench import ensure_postgres_database

    ensure_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("seed_demo", "--if-empty", verbosity=0, stdout=io.StringIO())
    from grid_pages.cases.models import RepairRequestPage
    from grid_pages.models import Room

    page = RepairRequestPage.objects.live().filter(locale__language_code="zh-hans").first() or RepairRequestPage.objects.live().first()
    room = Room.objects.select_related("floor").order_by("pk").first()
    building = room.floor.get_parent()
    if not (Path(static_root) / "staticfiles.json").exists():
        env = server_env(database_url, static_root)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    return urllib.parse.urlsplit(page.full_url or page.url).path, f"{building.title}{room.number}"


def server_env(database_url, static_root):
    """Production settings from the environment, as an operator would give them."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "_submit_load_settings",
        "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": static_root,
        "SECURE_SSL_REDIRECT": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }


class Client(threading.Thread):
    """One student: submits again and again until the deadline."""

    def __init__(self, port, path, room, deadline, results):
        super().__init__(daemon=True)
        self.port, self.path, self.room, self.deadline, self.results = port, path, room, deadline, results

    def request(self, method, path, body=None, cookies=""):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1", "Cookie": cookies}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.getheader("Location"), response.getheader_all("Set-Cookie") if hasattr(response, "getheader_all") else response.msg.get_all("Set-Cookie") or [], response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def count(self, status):
        if status >= 500:
            self.results["5xx"] += 1

    def run(self):
        while time.monotonic() < self.deadline:
            try:
                self.submit_once()
            except (OSError, http.client.HTTPException):
                self.results["errors"] += 1

    def submit_once(self):
        status, _location, set_cookies, page = self.request("GET", self.path)
        self.count(status)
        if status != 200:
            return
        cookie = "; ".join(c.split(";", 1)[0] for c in set_cookies)
        fields = dict(re.findall(r'name="(csrfmiddlewaretoken|submission_token)" value="([^"]+)"', page))
        category = re.search(r'name="category" value="(\d+)"', page)
        form = {**fields, "category": category.group(1) if category else "", "room": self.room,
                "description": "宿舍水龙头漏水，压测", "contact_name": "", "phone": "", "email": ""}
        status, location, _c, _body = self.request("POST", self.path, urllib.parse.urlencode(form), cookie)
        self.count(status)
        self.results["posted"] += 1
        if status != 302 or not location:
            self.results["refused"] += 1
            return
        status, _l, _c, thanks = self.request("GET", urllib.parse.urlsplit(location)._replace(scheme="", netloc="").geturl(), cookies=cookie)
        self.count(status)
        code = CODE.search(html.unescape(thanks))
        if status == 200 and code:
            with self.results["lock"]:
                self.results["codes"].append(code.group(1))


def workers_of(master):
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--no-kill", action="store_true", help="leave the workers alone")
    args = parser.parse_args()
    scratch = tempfile.TemporaryDirectory()
    database_url = args.database_url or f"sqlite:///{scratch.name}/load.sqlite3"
    static_root = str(Path(tempfile.gettempdir()) / f"portal-bench-static-{os.getuid()}")
    path, room = prepare(database_url, static_root)
    from django.db import connection

    from grid_pages.cases.models import Case

    before = Case.objects.count()
    port = free_port()
    env = server_env(database_url, static_root)
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        for _ in range(300):  # up to 30 s for the workers to come up
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        results = {"codes": [], "posted": 0, "refused": 0, "5xx": 0, "errors": 0, "lock": threading.Lock()}
        start = time.monotonic()
        deadline = start + args.seconds
        clients = [Client(port, path, room, deadline, results) for _ in range(args.clients)]
        for client in clients:
            client.start()
        killed = None
        if not args.no_kill:
            time.sleep(args.seconds / 2)
            victims = workers_of(gunicorn.pid)
            if victims:
                killed = victims[0]
                os.kill(killed, signal.SIGKILL)
        for client in clients:
            client.join(args.seconds + 60)
        elapsed = time.monotonic() - start
    finally:
        gunicorn.terminate()
        gunicorn.wait(30)
    connection.close()
    codes = set(results["codes"])
    stored = Case.objects.filter(code__in=codes).count()
    print(f"{connection.vendor}, {args.clients} clients, {args.seconds:.0f} s, {args.workers} workers"
          f"{f', worker {killed} killed at {args.seconds / 2:.0f} s' if killed else ''}")
    print(f"posted {results['posted']}, accepted (thank-you page with a code) {len(results['codes'])}, "
          f"distinct codes {len(codes)}, stored with those codes {stored}")
    print(f"cases stored in the run {Case.objects.count() - before}, refused {results['refused']}, "
          f"5xx {results['5xx']}, connection errors {results['errors']}")
    print(f"submissions per second {len(results['codes']) / elapsed:.1f}")
    print("OK: every accepted code is stored" if stored == len(results["codes"]) else "MISMATCH")
    scratch.cleanup()


if __name__ == "__main__":
    main()
