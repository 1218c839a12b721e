"""Import benchmark: time to import a synthetic grid file of 4,000 rooms, and to re-import it.

Builds a scratch SQLite database (or --database-url, which must name an empty or a new
database), writes a grid CSV with ``--rooms`` rooms (``--communities`` x ``--buildings``
x 10 floors x N rooms; 2 x 10 by default) and a staff CSV (a floor head per floor, a room
head per room), then prints wall and CPU seconds and query counts for: checking the grid
file, importing it, importing it again (no change), importing the staff file, and
exporting the roster.

    .venv/bin/python bench/import_bench.py [--rooms 4000] [--communities 2 --buildings 10] [--database-url URL]
"""

import argparse
import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COMMUNITIES, BUILDINGS, FLOORS = 2, 10, 10


def setup_django(database_url):
    from grid_bench import ensure_postgres_database

    ensure_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from wagtail.models import Page, Site

    from home.models import HomePage

    if not HomePage.objects.exists():
        home = Page.get_first_root_node().add_child(instance=HomePage(title="校园", slug="bench-home"))
        Site.objects.update(root_page=home)


def files(rooms_total, communities=COMMUNITIES, buildings=BUILDINGS, room_heads=True):
    per_floor = max(1, rooms_total // (communities * buildings * FLOORS))
    grid, staff = io.StringIO(), io.StringIO()
    g, s = csv.writer(grid), csv.writer(staff)
    g.writerow(["社区", "楼栋", "楼层", "寝室", "床位", "包干学院", "党员宿舍"])
    s.writerow(["姓名", "角色", "社区", "楼栋", "楼层", "寝室", "电话", "邮箱"])
    for c in range(1, communities + 1):
        if not room_heads:
            s.writerow([f"社区长{c}", "社区长", f"基准{c}社区", "", "", "", f"137{c}0000000", ""])
        for b in range(1, buildings + 1):
            if not room_heads:
                s.writerow([f"楼长{c}-{b}", "楼长", f"基准{c}社区", f"{b}栋", "", "", f"136{c}{b:03d}0000", ""])
            for f in range(1, FLOORS + 1):
                s.writerow([f"层长{c}-{b}-{f}", "层长", f"基准{c}社区", f"{b}栋", f, "", f"139{c}{b:03d}{f:02d}000", ""])
                for r in range(1, per_floor + 1):
                    room = f"{f}{r:02d}"
                    plaque = "党员宿舍" if r == 1 else ""
                    g.writerow([f"基准{c}社区", f"{b}栋", f"{f}层", room, 4, "经济学院", plaque])
                    if room_heads:
                        s.writerow([f"寝室长{c}-{b}-{room}", "寝室长", f"基准{c}社区", f"{b}栋", f, room, f"138{c}{b:03d}{room}", ""])
    return grid.getvalue().encode("utf-8-sig"), staff.getvalue().encode("utf-8-sig"), communities * buildings * FLOORS * per_floor


def timed(label, fn):
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start, cpu = time.perf_counter(), time.process_time()
        result = fn()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    # CPU seconds of this process too: on a shared machine wall time mostly measures the others
    # (on SQLite the database work is in this process; on PostgreSQL the server's is not).
    print(f"{label:<34} {seconds:8.2f} s {cpu:8.2f} s cpu {queries:8d} queries")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rooms", type=int, default=4000)
    parser.add_argument("--communities", type=int, default=COMMUNITIES)
    parser.add_argument("--buildings", type=int, default=BUILDINGS, help="per community")
    parser.add_argument(
        "--staff", choices=["all", "heads"], default="all",
        help="all: a floor head per floor and a room head per room (default); heads: community, building and floor heads only",
    )
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        setup_django(args.database_url or f"sqlite:///{scratch}/bench.sqlite3")
        from grid_pages.importer import services
        from grid_pages.importer.export import roster_workbook

        grid, staff, rooms = files(args.rooms, args.communities, args.buildings, room_heads=args.staff == "all")
        floors = args.communities * args.buildings * FLOORS
        print("load average %.1f %.1f %.1f" % os.getloadavg())
        print(f"{rooms} rooms, {floors} floors, grid file {len(grid) // 1024} KiB, staff file {staff.count(10) - 1} rows")
        plan = timed("check grid file (dry run)", lambda: services.import_file(grid, "grid.csv", "grid", dry_run=True))
        print(f"  {len(plan.creates)} to create, {len(plan.errors)} errors")
        timed("import grid file", lambda: services.import_file(grid, "grid.csv", "grid"))
        plan = timed("import grid file again (no change)", lambda: services.import_file(grid, "grid.csv", "grid"))
        print(f"  {len(plan.creates) + len(plan.updates)} changes, {len(plan.unchanged)} unchanged")
        timed("import staff file", lambda: services.import_file(staff, "staff.csv", "staff"))
        data = timed("export roster", roster_workbook)
        print(f"  roster {len(data) // 1024} KiB")
        print("load average %.1f %.1f %.1f" % os.getloadavg())


if __name__ == "__main__":
    main()
