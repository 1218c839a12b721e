#!/usr/bin/env python
"""Search relevance and latency on the demo campus (docs/search.md).

Relevance: students' queries, each with the page(s) meant, scored by recall@5
and MRR for Wagtail's unmodified database backend, for the segmenting backend
(search.backend) alone, and for the whole site search (room lookup first, then
the backend) as the /search/ view answers. A result counts when its URL, without
the #room fragment, is one of the pages meant.

Latency: median and p95 of a site search on a generated campus of about 4,000
rooms and 1,000 notices, beside a plain floor-page view in the same run.

    .venv/bin/python bench/search_relevance.py [--database-url URL] [--rooms 4000] [--notices 1000]

Without --database-url the campus is seeded into a fresh SQLite file in a
temporary directory. Figures are printed, never asserted.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (query, pages meant). Paths are the demo campus's Chinese URLs.
XY, QY, BY = "/xiangyuan/", "/qinyuan/", "/boyuan/"
NOTICE = "notice:"  # a generated notice, by title
QUERIES = [
    ("庠园", [XY]),
    ("庠园社区", [XY]),
    ("沁园", [QY]),
    ("博园社区", [BY]),
    ("心理驿站", [XY]),
    ("一站式服务大厅", [XY]),
    ("图书馆", [XY]),
    ("创新创业", [QY]),
    ("24小时自习室", [QY]),
    ("共享厨房", [BY]),
    ("运动场", [BY]),
    ("开放日", [BY]),
    ("望江校区", [XY]),
    ("江安校区", [QY]),
    ("华西校区", [BY]),
    ("庠园3栋", [XY + "3/"]),
    ("3栋", [XY + "3/"]),
    ("庠园3栋502", [XY + "3/5/"]),
    ("3栋502", [XY + "3/5/"]),
    ("3-502", [XY + "3/5/"]),
    ("3号楼502", [XY + "3/5/"]),
    ("庠园 3栋", [XY + "3/"]),
    ("沁园A座", [QY + "a/"]),
    ("A座302", [QY + "a/3/"]),
    ("博园12栋", [BY + "12/"]),
    ("12栋305", [BY + "12/3/"]),
    ("15栋", [BY + "15/"]),
    ("博园15栋7楼", [BY + "15/7/", BY + "15/"]),
    ("法学院", [XY + "1/"]),
    ("网络空间安全", [QY + "d/"]),
    ("生命科学学院", [BY + "15/"]),
    ("华西公共卫生学院", [BY + "12/"]),
    ("社区长", [XY, QY, BY]),
    ("报修", [NOTICE + "学生宿舍报修申请流程"]),
    ("宿舍报修", [NOTICE + "学生宿舍报修申请流程"]),
    ("文化节", [NOTICE + "第十届社区文化节开幕"]),
    ("社区文化节", [NOTICE + "第十届社区文化节开幕"]),
    ("公寓热水", [NOTICE + "研究生公寓热水供应调整"]),
    ("热水", [NOTICE + "研究生公寓热水供应调整", XY + "1/hot-water-repair/"]),  # the demo's own notice too
    ("Wi-Fi", [NOTICE + "宿舍Wi-Fi密码更新"]),
    ("wifi密码", [NOTICE + "宿舍Wi-Fi密码更新"]),
    ("停水", [NOTICE + "3栋停水通知"]),
    ("消防演练", [NOTICE + "消防演练安排"]),
    ("门禁卡", [NOTICE + "门禁卡补办"]),
    ("党员先锋岗", [NOTICE + "党员先锋岗评选"]),
    ("空调", [NOTICE + "空调清洗预约"]),
]
NOTICES = [
    ("学生宿舍报修申请流程", "同学们如遇水电、门窗、家具损坏，请通过一站式服务大厅提交宿舍报修申请，维修师傅将在24小时内上门。"),
    ("第十届社区文化节开幕", "第十届社区文化节本周六开幕，设有寝室风采展、书画比赛和游园活动，欢迎各寝室报名参加。"),
    ("研究生公寓热水供应调整", "因管道检修，研究生公寓热水供应时间调整为每日18:00至23:00，请相互转告。"),
    ("宿舍Wi-Fi密码更新", "校园网宿舍Wi-Fi密码已更新，新密码请到楼栋值班室查询，勿外传。"),
    ("3栋停水通知", "因供水管网改造，3栋将于周三9:00至17:00停水，请提前储水。"),
    ("消防演练安排", "学校将于下周二下午组织消防演练，请听到警报后沿疏散通道有序撤离。"),
    ("门禁卡补办", "门禁卡遗失的同学请携带学生证到一楼值班室补办，工本费十元。"),
    ("党员先锋岗评选", "社区开展党员先锋岗评选，请各党支部推荐候选人。"),
    ("空调清洗预约", "夏季来临，寝室空调清洗可在线预约，每间寝室每学期一次。"),
]
FILLER = "请各位同学注意安全，按时作息，保持寝室整洁，遇到困难及时联系楼长、层长或辅导员。"
LATENCY_QUERIES = ["报修", "文化节", "宿舍 热水", "3栋502", "庠园", "辅导员", "Wi-Fi", "停水通知", "A座302", "消防"]


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def quiet_call(*args, **kwargs):
    import io

    from django.core.management import call_command

    call_command(*args, stdout=io.StringIO(), stderr=io.StringIO(), **kwargs)


def notice_model():
    """The notices app's page type when installed, else None (notice text then goes on floors)."""
    from django.apps import apps

    try:
        return apps.get_model("grid_notices", "NoticePage")
    except LookupError:
        return None


def add_notices(extra=0):
    """The relevance notices under 庠园社区, and ``extra`` filler notices spread over the buildings."""
    from wagtail.models import Locale

    from grid_pages.models import BuildingPage, CommunityPage, FloorPage

    locale = Locale.objects.get(language_code="zh-hans")
    community = CommunityPage.objects.get(slug="xiangyuan", locale=locale)
    model = notice_model()
    buildings = list(BuildingPage.objects.filter(locale=locale).order_by("path"))
    rows = [(community, title, body) for title, body in NOTICES]
    for i in range(extra):
        building = buildings[i % len(buildings)]
        rows.append((building, f"第{i}号通知：{building.title}安全提示", FILLER))
    for n, (parent, title, body) in enumerate(rows):
        slug = f"bench-notice-{n}"
        if model is not None:
            if model.objects.filter(slug=slug).exists():
                continue
            parent.add_child(instance=model(title=title, slug=slug, body=f"<p>{body}</p>"))
        else:
            # Stand-in: a floor page carrying the notice text in its introduction.
            floors = FloorPage.objects.child_of(buildings[n % len(buildings)])
            if floors.filter(slug=slug).exists():
                continue
            buildings[n % len(buildings)].add_child(
                instance=FloorPage(title=title, slug=slug, number=90 + n % 9, introduction=f"<p>{body}</p>")
            )


def notice_urls():
    from wagtail.models import Page

    notices = Page.objects.filter(slug__startswith="bench-notice-", locale__language_code="zh-hans")
    return {page.title: page.url for page in notices}


def resolve(expected, notices):
    return {notices.get(e[len(NOTICE) :], e) if e.startswith(NOTICE) else e for e in expected}


def score(rankings):
    """recall@5 and MRR from [(urls in rank order, expected set)]."""
    hits, reciprocal = 0, 0.0
    for urls, expected in rankings:
        ranks = [i for i, url in enumerate(urls, 1) if url.split("#")[0] in expected]
        hits += bool(ranks and ranks[0] <= 5)
        reciprocal += 1 / ranks[0] if ranks else 0.0
    return hits / len(rankings), reciprocal / len(rankings)


def backend_urls(query):
    """Top ten of the configured backend alone, as a developer would call it."""
    from search.services import pages_for

    return [page.url for page in pages_for(query)[:10]]


def view_urls(client, query):
    rows = client.get("/search/", {"query": query, "format": "json"}).json()["results"]
    return [row["url"] for row in rows]


def use_backend(backend, reindex=True):
    """``backend``: a dotted path, or a WAGTAILSEARCH_BACKENDS entry (with options)."""
    from django.conf import settings

    settings.WAGTAILSEARCH_BACKENDS = {"default": backend if isinstance(backend, dict) else {"BACKEND": backend}}
    if reindex:
        quiet_call("update_index")


def relevance(client):
    from django.utils import translation

    notices = notice_urls()
    cases = [(q, resolve(expected, notices)) for q, expected in QUERIES]
    rows, misses = [], []
    with translation.override("zh-hans"):
        use_backend("wagtail.search.backends.database")
        rows.append(("Wagtail database backend (stock)", score([(backend_urls(q), e) for q, e in cases])))
        use_backend("search.backend")
        rows.append(("search.backend (jieba)", score([(backend_urls(q), e) for q, e in cases])))
        use_backend({"BACKEND": "search.backend", "MAX_RANKED": 0}, reindex=False)
        rows.append(("site search, backend's own ranking", score([(view_urls(client, q), e) for q, e in cases])))
        use_backend("search.backend", reindex=False)
        site = [(view_urls(client, q), e) for q, e in cases]
        rows.append(("site search /search/ (lookup + jieba)", score(site)))
        misses = [q for (q, _e), (urls, e) in zip(cases, site) if not any(u.split("#")[0] in e for u in urls[:5])]
    kind = "notices" if notice_model() else "notice-like floor pages"
    print(f"\nRelevance: {len(cases)} queries, demo campus ({kind})")
    print(f"{'':42} {'recall@5':>9} {'MRR':>6}")
    for label, (recall, mrr) in rows:
        print(f"{label:42} {recall:9.3f} {mrr:6.3f}")
    if misses:
        print("site search misses:", ", ".join(misses))


def grow_campus(rooms_wanted):
    """More buildings of 10 floors x 20 rooms in a generated community until ``rooms_wanted`` rooms exist."""
    from wagtail.models import Locale

    from grid_pages.models import BuildingPage, CommunityPage, FloorPage, Room
    from home.models import HomePage

    locale = Locale.objects.get(language_code="zh-hans")
    home = HomePage.objects.filter(locale=locale).first()
    community = CommunityPage.objects.filter(slug="bench").first() or home.add_child(
        instance=CommunityPage(title="试验园社区", short_name="试验园", slug="bench")
    )
    n = BuildingPage.objects.child_of(community).count()
    while Room.objects.filter(floor__locale=locale).count() < rooms_wanted:
        n += 1
        building = BuildingPage(title=f"试验园{n}栋", short_number=str(n), slug=f"b{n}")
        community.add_child(instance=building)
        for level in range(1, 11):
            floor = FloorPage(title=f"{level}层", number=level, slug=f"f{level}")
            for i in range(1, 21):
                floor.grid_rooms.add(Room(number=f"{level}{i:02d}", sort_order=i))
            building.add_child(instance=floor)


def timed(fn, repeat):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def describe(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ordered)})"


def latency(client, rooms, notices):
    from grid_pages.models import FloorPage, Room

    grow_campus(rooms)
    add_notices(extra=notices)
    # What autovacuum does a minute after such a bulk write (and an import does at once): without
    # it PostgreSQL plans the room lookup for an empty grid (368 ms instead of 4.1 ms under EXPLAIN ANALYZE).
    from grid_pages.importer.statistics import analyze_now

    analyze_now()
    use_backend("search.backend")
    floor = FloorPage.objects.live().filter(locale__language_code="zh-hans").order_by("path").first()
    room_count = Room.objects.filter(floor__locale__language_code="zh-hans").count()
    client.get(floor.url)  # warm up templates and jieba
    client.get("/search/", {"query": "热身"})
    print(f"\nLatency: {room_count} rooms, {len(notice_urls())} notice pages, {connection_vendor()}")
    # Interleaved: page views, then each query with one ranking query per search (the default),
    # then the same with the backend's own ranking (MAX_RANKED 0: count and page apart).
    from django.conf import settings

    modes = {"": {"BACKEND": "search.backend"}, ", backend's own ranking": {"BACKEND": "search.backend", "MAX_RANKED": 0}}
    page_view, search, suggest = [], {m: [] for m in modes}, {m: [] for m in modes}
    for _round in range(5):
        page_view += timed(lambda: client.get(floor.url), 10)
        for query in LATENCY_QUERIES:
            for mode, backend in modes.items():
                settings.WAGTAILSEARCH_BACKENDS = {"default": backend}
                search[mode] += timed(lambda q=query: client.get("/search/", {"query": q}), 1)
                suggest[mode] += timed(lambda q=query: client.get("/search/", {"query": q, "format": "json"}), 1)
    settings.WAGTAILSEARCH_BACKENDS = {"default": modes[""]}
    print(f"{'floor page view':40} {describe(page_view)}")
    for mode in modes:
        print(f"{'search page /search/' + mode:40} {describe(search[mode])}")
        print(f"{'suggestions (format=json)' + mode:40} {describe(suggest[mode])}")


def connection_vendor():
    from django.db import connection

    return connection.vendor


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="an empty or scratch database (default: a temporary SQLite file)")
    parser.add_argument("--rooms", type=int, default=4000)
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--skip-latency", action="store_true")
    args = parser.parse_args()

    tmp = None
    url = args.database_url
    if not url:
        tmp = tempfile.TemporaryDirectory(prefix="search-bench-")
        url = f"sqlite:///{tmp.name}/bench.sqlite3"
    setup_django(url)

    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    started = time.perf_counter()
    quiet_call("migrate")
    quiet_call("seed_demo")
    add_notices()
    print(f"Seeded the demo campus into {url.split('@')[-1]} in {time.perf_counter() - started:.0f} s")
    client = Client()
    relevance(client)
    if not args.skip_latency:
        latency(client, args.rooms, args.notices)
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
