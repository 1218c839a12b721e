"""Case queue benchmark: the admin list at 100,000 cases.

Builds a generated campus of about 10,000 rooms (as grid_bench's "10k") in a scratch SQLite
file (or --database-url), bulk-creates --cases cases over it (a year of submissions, all
statuses, both types, every matter), and prints for the queue's list view, as the office and
as a building head: queries per request and median/p95 milliseconds for no filter, each
filter, search by tracking code, search by a word, sorting by due date and status, and a deep
page; then the case page. Figures only; flat query counts are asserted by the tests.

    .venv/bin/python bench/cases_bench.py [--cases 100000] [--repeat 15] [--database-url URL]
"""

import argparse
import os
import random
import re
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from grid_bench import build_campus, setup_django  # noqa: E402

WORDS = ["水龙头", "漏水", "灯", "不亮", "门锁", "坏了", "空调", "不制冷", "网络", "断网", "椅子", "桌子", "晾衣架",
         "噪音", "热水", "洗衣机", "窗户", "关不上", "插座", "没电", "建议", "增加", "自习室", "开放时间"]


def measure(client, url, repeat):
    """(queries, median ms, p95 ms, median ms spent in SQL, table rows shown) over ``repeat``
    requests after a warm-up. The rows tell a slower page from one that shows more cases."""
    import statistics

    from django.db import connection
    from django.urls import reverse

    case_link = reverse("grid_cases_queue:detail", args=[0])[:-2]  # .../<pk>/

    sql = []

    def timed(execute, *args):
        start = time.perf_counter()
        try:
            return execute(*args)
        finally:
            sql[-1].append((time.perf_counter() - start) * 1000)

    sql.append([])
    with connection.execute_wrapper(timed):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    queries = len(sql[0])
    rows = len(set(re.findall(re.escape(case_link) + r"(\d+)/", response.content.decode())))
    timings, sql = [], []
    with connection.execute_wrapper(timed):
        for _ in range(repeat):
            sql.append([])
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    sql_ms = statistics.median(sum(s) for s in sql)
    return queries, statistics.median(timings), timings[max(int(len(timings) * 0.95) - 1, 0)], sql_ms, rows


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


def build_cases(community, total, seed=20261125):
    """``total`` cases over the community's rooms, bulk-created; returns (building, a case, a staff member)."""
    from django.utils import timezone
    from wagtail.models import Locale

    from grid_pages.cases.models import Case, CaseCategory, CaseStatus, HandlingLevel, new_case_code
    from grid_pages.models import BuildingPage, FloorPage, Room, StaffMember

    rng = random.Random(seed)
    floors = {f.pk: f for f in FloorPage.objects.descendant_of(community)}
    buildings = {b.pk: b for b in BuildingPage.objects.child_of(community)}
    floor_building = {f.pk: b.pk for b in buildings.values() for f in FloorPage.objects.child_of(b)}
    rooms = list(Room.objects.filter(floor_id__in=floors).values_list("pk", "floor_id", "number"))
    categories = list(CaseCategory.objects.filter(locale=Locale.get_default()))
    staff = list(StaffMember.objects.all()[:50])
    open_statuses = [CaseStatus.NEW, CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS]
    finished = [CaseStatus.RESOLVED] * 2 + [CaseStatus.CLOSED] * 6 + [CaseStatus.REJECTED]

    def status_for(age_days):
        # Recent cases are mostly open; older ones mostly finished, a few stuck (and overdue).
        share_open = 0.8 if age_days < 3 else 0.3 if age_days < 30 else 0.02
        return rng.choice(open_statuses) if rng.random() < share_open else rng.choice(finished)
    now = timezone.now()
    codes = set()
    batch = []
    for i in range(total):
        room_pk, floor_pk, number = rng.choice(rooms)
        building_pk = floor_building[floor_pk]
        category = rng.choice(categories)
        age = rng.randrange(365 * 24 * 60)
        submitted = now - timedelta(minutes=age)
        code = new_case_code()
        while code in codes:
            code = new_case_code()
        codes.add(code)
        level = category.handling_level
        node = {HandlingLevel.FLOOR: floor_pk, HandlingLevel.BUILDING: building_pk,
                HandlingLevel.COMMUNITY: community.pk}.get(level)
        text = "".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
        batch.append(
            Case(
                code=code,
                kind=category.kind,
                category_id=category.pk,
                status=status_for(age / (24 * 60)),
                room_id=room_pk,
                place_label=f"{community.title} {buildings[building_pk].title} {floors[floor_pk].title} {number}",
                floor_id=floor_pk,
                building_id=building_pk,
                community_id=community.pk,
                handling_level=level,
                handling_node_id=node,
                description=text,
                original_description=text,
                assignee_id=rng.choice(staff).pk if rng.random() < 0.3 else None,
                submitted_at=submitted,
                due_at=submitted + timedelta(days=category.resolution_time),  # calendar days: close enough here
            )
        )
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch = []
    Case.objects.bulk_create(batch)
    building = next(iter(buildings.values()))
    return building, a_case_of(building), staff[0], categories


def a_case_of(building):
    """A case from the middle of the building's (``--cases 1000`` gives it about 100)."""
    from grid_pages.cases.models import Case

    cases = Case.objects.filter(building_id=building.pk).order_by("pk")
    return cases[cases.count() // 2]


def make_users(building, staff):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from grid_pages.models import GridAssignment, StaffMember
    from grid_pages.roles import GridRole

    User = get_user_model()
    office = User.objects.create_superuser("bench-office", "office@example.edu.cn", "x")
    head = User.objects.create_user("bench-building-head", "head@example.edu.cn", "x")
    head.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    person = StaffMember.objects.create(name="楼长", user=head)
    GridAssignment.objects.create(page=building, staff=person, role=GridRole.BUILDING_HEAD)
    staff.user = office
    staff.save()
    return office, head


def report(name, queries, median, p95, sql, rows):
    print(f"  {name:<28} {queries:>3} queries  median {median:7.1f} ms  p95 {p95:7.1f} ms  (SQL {sql:6.1f} ms)  {rows:>3} rows")


def cursors_for(user):
    """Cursors of the queue as ``user`` sees it: after the first page, and half-way down, in the
    default order, the deadline sort and the status sort (as the queue orders them)."""
    from grid_pages.cases import scope
    from grid_pages.cases.models import Case
    from grid_pages.cases.pagination import KeysetPaginator

    visible = scope.visible_cases(user, Case.objects.all())
    half = visible.count() // 2
    cursors = {}
    for name, ordering, grouped in (
        ("", ("-submitted_at", "-pk"), False),
        ("_due", ("finished", "due_at", "pk"), True),
        ("_status", ("status_order", "pk"), True),
    ):
        rows = visible.order_by(*ordering)
        paginator = KeysetPaginator(rows, 50, grouped=grouped)
        cursors["older" + name] = paginator.page().older_cursor
        cursors["deep" + name] = paginator.cursor(rows[half])
    return cursors


def main():
    args = parse_args()
    scratch = None
    if not args.database_url:
        scratch = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
        args.database_url = f"sqlite:///{scratch.name}"
    setup_django(args.database_url)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from wagtail.models import Locale

    from grid_pages.cases.models import Case, CaseCategory
    from grid_pages.models import BuildingPage, CommunityPage

    built_campus = built_cases = 0.0
    community = CommunityPage.objects.filter(slug="cq").first()
    if community is None:
        start = time.perf_counter()
        community, _ = build_campus("q", 10, 20, 50)
        built_campus = time.perf_counter() - start
        start = time.perf_counter()
        building, case, staff, categories = build_cases(community, args.cases)
        built_cases = time.perf_counter() - start
        office, head = make_users(building, staff)
    else:  # a database kept from an earlier run (--database-url) is reused as it is
        building = BuildingPage.objects.child_of(community).first()
        case = a_case_of(building)
        categories = list(CaseCategory.objects.filter(locale=Locale.get_default()))
        office = get_user_model().objects.get(username="bench-office")
        head = get_user_model().objects.get(username="bench-building-head")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{connection.vendor}: {Case.objects.count()} cases on {community.title} "
          f"(campus {built_campus:.1f} s, cases {built_cases:.1f} s)")
    print(f"building head sees {Case.objects.filter(building=building).count()} cases of {building.title}")

    index = reverse("grid_cases_queue:index")
    word = "晾衣架"
    urls = {
        "no filter": "",
        "status=new": "?status=new",
        "type=suggestion": "?kind=suggestion",
        "matter": f"?category={categories[0].pk}",
        "community": f"?community={community.pk}",
        "building": f"?building={building.pk}",
        "overdue": "?overdue=true",
        "assigned to me": "?mine=true",
        "search code ABCD-EFGH": f"?q={case.display_code}",
        "search code lowercase": f"?q={case.code.lower()}",
        f"search word {word}": f"?q={word}",
        "search word + status=new": f"?q={word}&status=new",
        "sort due_at": "?ordering=due_at",
        "sort -due_at, status=new": "?ordering=-due_at&status=new",
        "sort status": "?ordering=status",
        "deep page (p=1000)": "?p=1000",
        "last page": "?p=99999",
        "older page (cursor)": "?after={older}",
        "deep older page (cursor)": "?after={deep}",
        "oldest page": "?last=1",
        "sort due_at, older page (cursor)": "?ordering=due_at&after={older_due}",
        "sort due_at, deep page (cursor)": "?ordering=due_at&after={deep_due}",
        "sort due_at, last page": "?ordering=due_at&last=1",
        "sort status, older page (cursor)": "?ordering=status&after={older_status}",
        "sort status, deep page (cursor)": "?ordering=status&after={deep_status}",
        "sort -status, newer page (cursor)": "?ordering=-status&before={deep_status}",
    }
    for who, user in (("office", office), ("building head", head)):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        print(f"\nqueue list as {who} ({args.repeat} requests each):")
        cursors = cursors_for(user)
        for name, query in urls.items():
            report(name, *measure(client, index + query.format(**cursors), args.repeat))
        report("case page", *measure(client, reverse("grid_cases_queue:detail", args=[case.pk]), args.repeat))
    if scratch:
        os.unlink(scratch.name)


if __name__ == "__main__":
    main()
