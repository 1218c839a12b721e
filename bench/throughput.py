"""Throughput of the page cache against a bare view, through gunicorn with production settings.

Seeds the demo campus (``seed_demo``) in a scratch SQLite file (or --database-url),
starts gunicorn (2 sync workers, ``_throughput_settings``: production settings plus a
bare view at ``/bench/bare/`` returning the building page's bytes through the same
middleware), and measures with ``wrk``, interleaved round by round:

- the bare view;
- home, community, building and floor pages uncached (the request carries
  ``X-Bench-Uncached``, a header only the bench settings honour) and cached;
- "campus": every live community, building and floor page of the site in turn (a wrk
  script), uncached and cached: the campus opening its pages at once, each page's copy
  and fragments its own.

With ``--writes-every S``, a change of content is made every S seconds while each target
runs (``generation.bump()`` in this process: what every write of a page, room, person or
notice does to the page cache; ``--booking`` bumps as a booking does, the content generation
left alone): the cost of the first requests after a change ("cold": what the site's pages
share read again in each worker) on the throughput, cached and uncached. Changes of content
come a few times a day; one every few seconds is far more than a day's editing.

Prints req/s, the ratio to the bare view, median p50/p99 latency over the rounds, SQL
queries per request (Django's test client in this process, same settings) and the
memory of the master and of each worker (RSS, PSS, USS from /proc/<pid>/smaps_rollup);
then the cross-process check: a building is renamed and published in this process and
the page read back through both workers at once.

    apt-get install -y wrk        # once; the bench needs it
    .venv/bin/python bench/throughput.py [--rounds 5] [--seconds 2] [--connections 4] [--workdir DIR]
        [--database-url postgres://postgres@127.0.0.1:5432/portal_bench] [--redis-url redis://127.0.0.1:6379/5]
        [--writes-every 2 [--booking]]
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
UNCACHED = "X-Bench-Uncached"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=2, help="per target and round")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--workdir", default="", help="keep the scratch SQLite database here and reuse it")
    parser.add_argument("--writes-every", type=float, default=0, metavar="S",
                        help="a change of content every S seconds while each target runs")
    parser.add_argument("--booking", action="store_true", help="with --writes-every: the changes are bookings")
    return parser.parse_args()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_env(args, workdir):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="_throughput_settings",
        PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT)]),
        DATABASE_URL=args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        BENCH_BARE_FILE=str(workdir / "bare.html"),
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="ERROR",
    )
    env.pop("REDIS_URL", None)
    if args.redis_url:
        env.update(REDIS_URL=args.redis_url, CACHE_KEY_PREFIX=f"pagecache_bench_{os.getpid()}")
    return env


def manage(env, *command):
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def start_gunicorn(env, port):
    command = [str(Path(PYTHON).parent / "gunicorn"), "portal.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            fetch(port, "/healthz")
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def fetch(port, path, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read()


def targets(pages, campus):
    found = [("bare view", "/bench/bare/", False)]
    for name, url in [*pages, ("campus", campus)]:
        found += [(f"{name} uncached", url, True), (f"{name} cached", url, False)]
    return found


def paths_of(target):
    """The URLs a target requests: one, or (the campus) a tuple of them."""
    return target if isinstance(target, tuple) else (target,)


def rotation_script(paths, workdir):
    """A wrk script requesting ``paths`` in turn (wrk's -H headers included)."""
    script = workdir / "rotation.lua"
    quoted = ",\n".join(f'  "{path}"' for path in paths)
    script.write_text(
        f"paths = {{\n{quoted}\n}}\n"
        "i = 0\n"
        "request = function()\n"
        "  i = i % #paths + 1\n"
        "  return wrk.format(nil, paths[i])\n"
        "end\n"
    )
    return script


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def wrk(port, path, uncached, seconds, connections, workdir):
    paths = paths_of(path)
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{paths[0]}"]
    if len(paths) > 1:
        command[1:1] = ["-s", str(rotation_script(paths, workdir))]
    if uncached:
        command[1:1] = ["-H", f"{UNCACHED}: 1"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def percentile(p):
        found = re.search(rf"^\s*{p}%\s+([\d.]+)([a-z]+)\s*$", out, re.M)
        if found is None:
            print(out, file=sys.stderr)
            return float("nan")
        return float(found.group(1)) * UNITS[found.group(2)]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, percentile(50), percentile(99), int(errors.group(1)) if errors else 0


class Writes:
    """A change every ``every`` seconds (``generation.bump``, content or booking) on a thread of
    its own while the block runs; ``count`` says how many were made."""

    def __init__(self, every, content=True):
        self.every, self.content, self.count = every, content, 0
        self._stop = threading.Event()

    def _run(self):
        from grid_pages.pagecache import generation

        while not self._stop.wait(self.every):
            generation.bump(content=self.content)
            self.count += 1

    def __enter__(self):
        if self.every:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        if self.every:
            self._stop.set()
            self._thread.join()


def drain(port, connections):
    """Wait for the requests wrk left in flight (slow uncached pages) before the next target:
    sequential requests return only once a worker is free."""
    for _ in range(connections + 2):
        fetch(port, "/bench/bare/")


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                fields[parts[0].rstrip(":")] = int(parts[1])
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return fields.get("Rss", 0) / 1024, fields.get("Pss", 0) / 1024, uss / 1024


def workers_of(pid):
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(p) for p in f.read().split()]


def setup_django(env):
    os.environ.update(env)
    sys.path[:0] = [str(HERE), str(ROOT)]
    import django

    django.setup()


def bench_pages():
    from django.utils.encoding import iri_to_uri
    from wagtail.models import Locale, Site

    from grid_pages.models import BuildingPage, CommunityPage, FloorPage

    locale = Locale.get_default()
    community = CommunityPage.objects.live().filter(locale=locale).order_by("path").first()
    building = BuildingPage.objects.live().descendant_of(community).order_by("path").first()
    floor = FloorPage.objects.live().child_of(building).order_by("path").first()
    home = Site.objects.get(is_default_site=True).root_page
    pages = [(n, p.get_url()) for n, p in [("home", home), ("community", community), ("building", building),
                                           ("floor", floor)]]
    campus = tuple(
        iri_to_uri(page.get_url())  # a slug may be Chinese: the request line carries it encoded
        for model in (CommunityPage, BuildingPage, FloorPage)
        for page in model.objects.live().filter(locale=locale).order_by("path")
    )
    return building, pages, campus


def query_counts(pages, campus):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for name, url in pages:
        for uncached in (True, False):
            headers = {"HTTP_X_BENCH_UNCACHED": "1"} if uncached else {}
            client.get(url, **headers)
            with CaptureQueriesContext(connection) as queries:
                client.get(url, **headers)
            counts[f"{name} {'uncached' if uncached else 'cached'}"] = len(queries)
    counts["bare view"] = 0
    counts["campus uncached"] = counts["campus cached"] = f"({len(campus)} pages)"
    return counts


def spread(port, url, requests, workers=2):
    """GETs of ``url``, four at a time so that every worker takes some (one client's requests
    in a row tend to go to the same worker, the one waiting in accept), ``requests`` at a
    time until ``workers`` workers have answered (at most ten times ``requests``)."""
    from concurrent.futures import ThreadPoolExecutor

    answers = []
    with ThreadPoolExecutor(4) as pool:
        while len(answers) < requests * 10:
            answers += pool.map(lambda _: fetch(port, url), range(requests))
            if len({headers["X-Worker"] for _status, headers, _body in answers}) >= workers:
                break
    return answers


def cross_process_check(port, building, requests=60):
    """Rename and publish ``building`` here; every answer after that, from every worker, shows it."""
    url = building.get_url()
    seen = {}
    for _status, headers, _body in spread(port, url, requests):  # every worker holds the page
        seen.setdefault(headers["X-Worker"], set()).add(headers["X-Page-Cache"])
    original = building.title
    title = f"{original}·{int(time.time())}"
    building.title = title
    building.save_revision().publish()
    answers = spread(port, url, requests)
    fresh = sum(title in body.decode() for _status, _headers, body in answers)
    by_worker = {}
    for _status, headers, _body in answers:
        by_worker[headers["X-Worker"]] = by_worker.get(headers["X-Worker"], 0) + 1
    building.title = original
    building.save_revision().publish()
    return seen, fresh, len(answers), by_worker


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="throughput-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = make_env(args, workdir)
    if args.database_url:
        from grid_bench import ensure_postgres_database

        ensure_postgres_database(args.database_url)
    print("migrating and seeding the demo campus ...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "seed_demo", "--if-empty")
    setup_django(env)
    building, pages, campus = bench_pages()

    port = free_port()
    server = start_gunicorn(env, port)
    try:
        _status, _headers, body = fetch(port, building.get_url(), {UNCACHED: "1"})
        (workdir / "bare.html").write_bytes(body)
        plan = targets(pages, campus)
        for _name, path, uncached in plan:  # warm every worker and copy
            for url in paths_of(path):
                for _ in range(8 if url == path else 2):
                    fetch(port, url, {UNCACHED: "1"} if uncached else {})
        results = {name: [] for name, _path, _uncached in plan}
        changes = 0
        for round_number in range(args.rounds):
            print(f"round {round_number + 1}/{args.rounds}", flush=True)
            for name, path, uncached in plan:
                with Writes(args.writes_every, content=not args.booking) as writes:
                    results[name].append(wrk(port, path, uncached, args.seconds, args.connections, workdir))
                changes += writes.count
                drain(port, args.connections)
        master = memory(server.pid)
        workers = {pid: memory(pid) for pid in workers_of(server.pid)}
        check = cross_process_check(port, building)
    finally:
        server.terminate()
        server.wait(timeout=30)
    counts = query_counts(pages, campus)

    backend = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    print(f"\n{backend}, {'Redis' if args.redis_url else 'no Redis'}; gunicorn 2 sync workers; wrk -t1 "
          f"-c{args.connections}, {args.rounds} rounds x {args.seconds} s per target, interleaved; "
          f"building page {len(body):,} bytes")
    if args.writes_every:
        kind = "a booking" if args.booking else "a change of content"
        print(f"{kind} every {args.writes_every:g} s while each target ran ({changes} in all)")
    print()
    bare = statistics.mean(r[0] for r in results["bare view"])
    print("| target | req/s | ratio to bare | p50 ms | p99 ms | SQL queries | non-2xx |")
    print("|---|---|---|---|---|---|---|")
    for name, runs in results.items():
        rate = statistics.mean(r[0] for r in runs)
        p50 = statistics.median(r[1] for r in runs)
        p99 = statistics.median(r[2] for r in runs)
        print(f"| {name} | {rate:,.0f} | {rate / bare:.3f} | {p50:.2f} | {p99:.2f} | {counts[name]} | "
              f"{sum(r[3] for r in runs)} |")
    print("\n| process | RSS MiB | PSS MiB | USS MiB |\n|---|---|---|---|")
    print(f"| master {server.pid} | {master[0]:.0f} | {master[1]:.0f} | {master[2]:.0f} |")
    for pid, (rss, pss, uss) in workers.items():
        print(f"| worker {pid} | {rss:.0f} | {pss:.0f} | {uss:.0f} |")
    seen, fresh, total, by_worker = check
    print(f"\ncross-process check: before the change, the workers that answered and their cache status "
          f"({ {k: sorted(v) for k, v in seen.items()} }); after publishing in the bench process, "
          f"{fresh}/{total} answers showed the new title (answers per worker: {by_worker})")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if fresh == total and len(by_worker) == 2 else 1


if __name__ == "__main__":
    sys.exit(main())
