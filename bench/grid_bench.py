"""Grid page benchmark: SQL queries and time per view at fixed campus sizes.

Builds a synthetic campus in a scratch SQLite file (or --database-url) at two
sizes, about 1,000 and 10,000 rooms, and prints for the building page, the floor
page (plain and with ?room=) and find-my-room: the queries of the first request (a
miss of the page cache, which the development settings install) and median/p95
milliseconds over the repeated requests after it (the grid pages then served by the
page cache), with the 10k/1k ratio. Flat query counts are asserted by the test suite;
here we only measure (uncached rendering: ``render_bench.py``, ``throughput.py``).

    .venv/bin/python bench/grid_bench.py [--repeat 30] [--database-url URL]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"1k": (2, 10, 50), "10k": (10, 20, 50)}  # communities x buildings, floors, rooms per floor -> rooms


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


def ensure_postgres_database(database_url):
    """Create the PostgreSQL database the URL names when it does not exist yet (a first run)."""
    import dj_database_url

    config = dj_database_url.parse(database_url)
    if "postgresql" not in config["ENGINE"]:
        return
    import psycopg
    from psycopg import sql

    params = {"host": config.get("HOST"), "port": config.get("PORT"), "user": config.get("USER"),
              "password": config.get("PASSWORD")}
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def setup_django(database_url):
    ensure_postgres_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build_campus(label, buildings_total, floors, rooms_per_floor):
    """One community per size with ``buildings_total`` buildings; bulk rooms."""
    from wagtail.models import Page, Site

    from grid_pages.models import BuildingPage, CommunityPage, FloorPage, GridAssignment, Room, StaffMember
    from grid_pages.roles import GridRole
    from home.models import HomePage

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="校园", slug="bench-home"))
        Site.objects.update(root_page=home)
    community = home.add_child(instance=CommunityPage(title=f"基准{label}社区", short_name=f"基准{label}", slug=f"c{label}"))
    head = StaffMember.objects.create(name="社区长", phone="13800000000")
    GridAssignment.objects.create(page=community, staff=head, role=GridRole.COMMUNITY_HEAD)
    first_building = None
    for b in range(1, buildings_total + 1):
        building = community.add_child(instance=BuildingPage(title=f"{b}栋", short_number=str(b), slug=f"b{b}"))
        first_building = first_building or building
        GridAssignment.objects.create(page=building, staff=head, role=GridRole.BUILDING_HEAD)
        for f in range(1, floors + 1):
            floor = building.add_child(instance=FloorPage(title=f"{f}层", number=f, slug=f"f{f}"))
            GridAssignment.objects.create(page=floor, staff=head, role=GridRole.FLOOR_HEAD)
            heads = StaffMember.objects.bulk_create(
                [StaffMember(name=f"寝室长{b}-{f}-{r}") for r in range(rooms_per_floor)]
            )
            Room.objects.bulk_create(
                [
                    Room(floor=floor, number=f"{f}{r + 1:02d}", beds=4, head=heads[r], sort_order=r)
                    for r in range(rooms_per_floor)
                ]
            )
    return community, first_building


def measure(client, url, repeat):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # a full DEBUG query log (9,000 entries) would make the capture look empty
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code in (200, 302), (url, response.status_code)
    # Counted now: ``captured_queries`` reads the connection's log, which every later request
    # empties (Django resets it on request_started).
    queries = len(ctx.captured_queries)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return queries, statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main():
    args = parse_args()
    scratch = None
    if not args.database_url:
        scratch = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
        args.database_url = f"sqlite:///{scratch.name}"
    setup_django(args.database_url)
    from django.test import Client

    from grid_pages.models import Room

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for label, (buildings, floors, rooms) in SIZES.items():
        start = time.perf_counter()
        community, building = build_campus(label, buildings, floors, rooms)
        built = time.perf_counter() - start
        floor = building.get_children().last()
        room = Room.objects.filter(floor=floor).first()
        urls = {
            "community page": community.url,
            "building page": building.url,
            "floor page": floor.url,
            "floor page ?room=": f"{floor.url}?room={room.number}",
            "find-my-room": f"/grid/find/?q={building.short_number}栋{room.number}",
        }
        print(f"\n{label}: {Room.objects.filter(floor__path__startswith=community.path).count()} rooms "
              f"({buildings} buildings x {floors} floors x {rooms} rooms), built in {built:.1f} s")
        for name, url in urls.items():
            results[(label, name)] = measure(client, url, args.repeat)
            q, med, p95 = results[(label, name)]
            print(f"  {name:<20} {q:>3} queries  median {med:7.2f} ms  p95 {p95:7.2f} ms")
    print("\nratio 10k / 1k (queries, median time):")
    for name in urls:
        q1, m1, _ = results[("1k", name)]
        q2, m2, _ = results[("10k", name)]
        queries = f"x{q2 / q1:.2f}" if q1 else f"{q1} -> {q2}"
        print(f"  {name:<20} queries {queries}  time x{m2 / m1:.2f}")
    if scratch:
        os.unlink(scratch.name)


if __name__ == "__main__":
    main()
