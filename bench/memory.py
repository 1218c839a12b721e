#!/usr/bin/env python
"""Memory of gunicorn's master and workers, and the first search after a start.

Starts gunicorn as production does (portal.settings.production, 2 sync workers, the
repository's gunicorn.conf.py, which loads jieba in the master before forking) on a
scratch SQLite file seeded by ``seed_demo``, then:

1. times the first searches after the start (each worker's first search included);
2. serves page views (home, community, building, floor) and searches from 4 threads;
3. prints RSS, PSS and USS (Private_Clean + Private_Dirty, what the process alone holds)
   of the master and of each worker from /proc/<pid>/smaps_rollup, after the start and
   after the load.

``--mode lazy`` runs the same with an empty gunicorn configuration (no preload: each
worker loads the application, and jieba on its first search), as before; ``--mode both``
(the default) runs lazy then preload for the comparison.

    .venv/bin/python bench/memory.py [--mode both|preload|lazy] [--requests 300] [--workdir DIR]

``--workdir`` keeps the seeded database and collected static files for the next run.
Figures are printed, never asserted. Linux only (/proc).
"""

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PAGES = ["/", "/xiangyuan/", "/xiangyuan/3/", "/xiangyuan/3/5/", "/xiangyuan/3/5/?room=502", "/qinyuan/a/"]
SEARCHES = ["庠园3栋502", "宿舍报修", "楼长", "文化节", "3栋", "心理驿站", "沁园", "热水", "社区长", "图书馆"]
MIB = 1024 * 1024


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["both", "preload", "lazy"], default="both")
    parser.add_argument("--requests", type=int, default=300, help="page views and searches after the first ones")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", help="keep the seeded database and static files here (reused when present)")
    return parser.parse_args()


def environment(workdir):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="bench-memory-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{workdir}/portal.sqlite3",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private-media"),
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
    )
    env.pop("REDIS_URL", None)
    return env


def prepare(workdir, env):
    """Migrate, seed the demo campus and collect static files, once per workdir."""
    if (workdir / "portal.sqlite3").exists() and (workdir / "static").exists():
        return
    started = time.perf_counter()
    for command in (["migrate", "--noinput"], ["createcachetable"], ["seed_demo"], ["collectstatic", "--noinput"]):
        subprocess.run([str(PYTHON), "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    print(f"prepared {workdir} in {time.perf_counter() - started:.0f} s")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(base, path, timeout=30):
    start = time.perf_counter()
    with urllib.request.urlopen(base + path, timeout=timeout) as response:
        response.read()
        status = response.status
    return status, (time.perf_counter() - start) * 1000


def wait_until_up(base, process, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        try:
            if get(base, "/healthz", timeout=5)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz in time")


def children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def memory(pid):
    """(RSS, PSS, USS) in MiB from /proc/<pid>/smaps_rollup."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0]) * 1024
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return fields["Rss"] / MIB, fields["Pss"] / MIB, uss / MIB


def cpu_ms(pids):
    """User + system CPU time of ``pids`` so far, in ms (from /proc/<pid>/stat)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total * 1000 / os.sysconf("SC_CLK_TCK")


def report(label, master, workers):
    print(f"  {label}")
    print(f"    {'process':10} {'RSS MiB':>8} {'PSS MiB':>8} {'USS MiB':>8}")
    for name, pid in [("master", master)] + [(f"worker {i + 1}", w) for i, w in enumerate(workers)]:
        rss, pss, uss = memory(pid)
        print(f"    {name:10} {rss:8.1f} {pss:8.1f} {uss:8.1f}")


def run(mode, args, workdir, env):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(GUNICORN), "portal.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)]
    if mode == "lazy":
        empty = workdir / "lazy.conf.py"
        empty.write_text("# no preload: each worker loads the application itself\n")
        command += ["--config", str(empty)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(base, process)
        up = time.perf_counter() - started
        workers = children(process.pid)
        print(f"\n{mode}: gunicorn up in {up:.1f} s, master {process.pid}, workers {workers}")
        report("after the start", process.pid, workers)
        # The first searches after the start: with 2 workers, each one's first is among them.
        # Wall time depends on what else runs on the machine; the workers' CPU time does not.
        first, cpu = [], []
        for query in SEARCHES[:4]:
            before = cpu_ms(workers)
            first.append(get(base, "/search/?" + urllib.parse.urlencode({"query": query}))[1])
            cpu.append(cpu_ms(workers) - before)
        print(f"  first search after the start: {first[0]:.0f} ms wall, {cpu[0]:.0f} ms worker CPU; first four: "
              + ", ".join(f"{t:.0f}" for t in first) + " ms wall, " + ", ".join(f"{c:.0f}" for c in cpu) + " ms CPU")
        paths = [PAGES[i % len(PAGES)] if i % 2 else "/search/?" + urllib.parse.urlencode(
            {"query": SEARCHES[i % len(SEARCHES)]}) for i in range(args.requests)]
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda p: get(base, p), paths))
        bad = sum(1 for status, _ms in results if status != 200)
        print(f"  then {len(paths)} page views and searches from 4 threads: median {statistics.median(t for _s, t in results):.0f} ms,"
              f" {bad} not 200")
        report("after pages and searches", process.pid, children(process.pid))
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


def main():
    args = parse_args()
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="bench-memory-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = environment(workdir)
    prepare(workdir, env)
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {args.workers} sync workers, SQLite, DEBUG off")
    for mode in (["lazy", "preload"] if args.mode == "both" else [args.mode]):
        run(mode, args, workdir, env)
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
