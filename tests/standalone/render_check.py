"""Migrate a fresh database with a standalone host's settings and use the grid through HTTP.

Run in its own process (``test_standalone.py`` does so) with ``DJANGO_SETTINGS_MODULE`` one of
``tests.standalone.settings`` (grid_pages and cases), ``tests.standalone.swapped_settings`` (the
host's own base page and grid pages) or ``tests.standalone.subapp_settings`` (the core and the
sub-app ``GRID_STANDALONE_SUBAPP``); exits non-zero on the first failure. ``--migrate-only`` stops
after ``migrate``. It follows the steps of
docs/plugin.md and uses the plain model API, not tests.factories, which import the portal's home
app. Grid pages are created through ``grid_pages.conf``'s getters, so the same checks run
against grid_pages' pages and against the host's own.
"""

import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date, time, timedelta

import django

FORBIDDEN_MODULES = {"portal", "home", "search", "wagtail_localize"}
SETTINGS = ("tests.standalone.settings", "tests.standalone.swapped_settings", "tests.standalone.subapp_settings")


def check(condition, message):
    if not condition:
        raise SystemExit(f"FAIL: {message}")


def forbidden_imports():
    return sorted({name.split(".")[0] for name in sys.modules} & FORBIDDEN_MODULES)


def get(client, url, status=200, **params):
    response = client.get(url, params)
    check(response.status_code == status, f"{url} answers {status}, got {response.status_code}")
    return response.content.decode() if status == 200 else response


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@dataclass
class Grid:
    root: object
    community: object
    building: object
    floor: object
    rooms: dict = field(default_factory=dict)
    head: object = None


def build_grid():
    """East community > Building 3 > Floor 5 with rooms 501 and 502, of the site's grid page models."""
    from wagtail.models import Site

    from grid_pages.conf import get_building_model, get_community_model, get_floor_model
    from grid_pages.models import GridAssignment, Room, StaffMember
    from grid_pages.roles import GridRole

    Community, Building, Floor = get_community_model(), get_building_model(), get_floor_model()
    root = Site.objects.get(is_default_site=True).root_page
    check(Community.can_create_at(root), "a community can be created under the site root")
    community = root.add_child(instance=Community(title="East community", slug="east", short_name="East"))
    building = community.add_child(
        instance=Building(title="Building 3", slug="b3", short_number="3", college="School of Economics")
    )
    check(not Community.can_create_at(building), "no community inside a building")
    floor = building.add_child(instance=Floor(title="Floor 5", slug="f5", number=5))
    head = StaffMember.objects.create(name="Ms Wang", phone="13800000000")
    room_head = StaffMember.objects.create(name="Li Lei")
    GridAssignment.objects.create(page=building, staff=head, role=GridRole.BUILDING_HEAD)
    GridAssignment.objects.create(page=floor, staff=head, role=GridRole.FLOOR_HEAD)
    rooms = {
        "501": Room.objects.create(floor=floor, number="501", head=room_head, sort_order=1),
        "502": Room.objects.create(floor=floor, number="502", sort_order=2),
    }
    return Grid(root, community, building, floor, rooms, head)


def check_pages(grid, client):
    """The three levels render with the app's own templates; room heads are masked."""
    html = get(client, grid.building.url)
    check(html.lstrip().lower().startswith("<!doctype html>"), "grid_pages/base.html is a full HTML page")
    check('class="grid-standalone"' in html, "the app's own base template is used")
    for text in ("Building 3", "School of Economics", "Ms Wang", "Floor 5", "East community"):
        check(text in html, f"building page shows {text!r}")
    check("/grid/find/" in html, "the find-my-room form posts to grid_pages.urls")
    check("Building 3" in get(client, grid.community.url), "the community lists its building")
    html = get(client, grid.floor.url)
    check("Lei" in html, "the floor lists its room head")
    # The room head is a student: visitors get the surname only (grid_pages/privacy.py).
    check("Li Lei" not in html, "the floor page masks the room head's name")


def check_find_my_room(grid, client):
    """Find my room, the building list and the room list resolve against the site's grid pages."""
    response = get(client, "/grid/find/", status=302, q="3-502")
    check(response.url.startswith(grid.floor.url) and "502" in response.url, f"find-my-room finds room 502 ({response.url})")
    response = get(client, "/grid/find/", status=302, q="East 3栋")
    check(response.url == grid.building.url, f"a community and building number find the building ({response.url})")
    response = get(client, "/grid/find/", status=302, building=grid.building.pk, room="501")
    check(response.url.startswith(grid.floor.url) and "501" in response.url, "a picked building and room find the room")
    check("502" in get(client, "/grid/find/", q="3-509"), "an unknown room suggests the rooms of its floor")
    buildings = client.get("/grid/find/buildings/").json()
    check(
        [b["title"] for c in buildings["communities"] for b in c["buildings"]] == ["Building 3"],
        f"the building list offers the site's buildings ({buildings})",
    )
    rooms = client.get("/grid/find/rooms/", {"building": grid.building.pk}).json()
    check(
        [r["number"] for f in rooms["floors"] for r in f["rooms"]] == ["501", "502"],
        f"the room list of a building ({rooms})",
    )


def check_route(grid):
    """The grid's own route (routing.py) walks the site's page classes: from the community down in
    one query, each page left its parents, so breadcrumbs and the floor's chain need no query."""
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from grid_pages import routing
    from grid_pages.conf import get_floor_model

    root = grid.root.specific
    request = RequestFactory().get(grid.floor.url)
    with CaptureQueriesContext(connection) as queries:
        page = root.route(request, ["east", "b3", "f5"]).page
    check(type(page) is get_floor_model() and page.pk == grid.floor.pk, f"the route finds the floor ({page!r})")
    # Wagtail's route to the community (the child, then its specific row), then one for the grid.
    check(len(queries) == 3, f"the route down the grid is one query, not {len(queries) - 2}")
    above = routing.ancestors(page)
    check(
        above is not None and [p.pk for p in above[-2:]] == [grid.community.pk, grid.building.pk],
        "the route leaves each page its parents",
    )


def check_cases(grid, client):
    """Intake: a repair request and a suggestion become cases routed to their grid level; the
    tracking page shows them."""
    from grid_pages.cases.models import Case, CaseCategory, RepairRequestPage, SuggestionBoxPage

    check(CaseCategory.objects.filter(kind="repair").exists(), "the default matter list is installed")
    nodes = {"floor": grid.floor, "building": grid.building, "community": grid.community}
    for model, kind, slug, text in (
        (RepairRequestPage, "repair", "repairs", "The tap leaks"),
        (SuggestionBoxPage, "suggestion", "suggestions", "The study room closes too early"),
    ):
        page = publish(grid.community, model(title=slug.title(), slug=slug))
        html = get(client, page.url)
        token = re.search(r'name="submission_token" value="([^"]+)"', html)
        check(token is not None, f"the {kind} form carries a one-time token")
        category = (
            CaseCategory.objects.filter(kind=kind, handling_level__in=list(nodes)).order_by("handling_level", "pk").first()
        )
        check(category is not None, f"a {kind} matter handled in the grid")
        data = {"category": category.pk, "room": "3-502", "description": text, "submission_token": token.group(1)}
        response = client.post(page.url, data)
        case = Case.objects.filter(description=text).first()
        check(response.status_code == 302 and case is not None, f"the {kind} became a case ({response.status_code})")
        check(case.floor_id == grid.floor.pk and case.room.number == "502", f"the {kind} is placed in room 502")
        check(
            case.building_id == grid.building.pk and case.community_id == grid.community.pk,
            f"the {kind} knows its building and community",
        )
        wanted = nodes[category.handling_level]
        check(
            case.handling_node_id == wanted.pk,
            f"the {kind} ({category.handling_level} matter) is handled at {wanted.title}, not {case.handling_node_id}",
        )
        check(text in get(client, f"/track/{case.code}/"), f"the tracking page shows the {kind}")


def check_swapped(grid, client):
    """The host's own base page and grid pages: grid_pages' concrete pages are swapped out."""
    from django.conf import settings
    from django.db import connection
    from wagtail.models import get_page_models

    from grid_pages.conf import get_page_model
    from grid_pages.models import BuildingPage, CommunityPage, FloorPage

    check(get_page_model()._meta.label == settings.WAGTAIL_PAGE_MODEL, "grid_pages builds on the site's base page")
    for model in (CommunityPage, BuildingPage, FloorPage):
        check(model._meta.swapped, f"{model.__name__} is swapped out")
        check(model not in get_page_models(), f"{model.__name__} is not offered as a page type")
        check(model._meta.db_table not in connection.introspection.table_names(), f"{model.__name__} has no table")
    check(type(grid.floor).__name__ == "Storey" and grid.floor.quiet_hours is False, "floors are the site's Storey")
    check(isinstance(grid.floor, get_page_model()), "the site's floors are its base pages")


def check_admin(grid, client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    floor_model = type(grid.floor)._meta
    for url in (
        "/admin/",
        f"/admin/pages/{grid.floor.pk}/edit/",
        f"/admin/pages/add/{floor_model.app_label}/{floor_model.model_name}/{grid.building.pk}/",
    ):
        get(client, url)
    # The page types offered under a community: its buildings (straight to their form when alone).
    response = client.get(f"/admin/pages/{grid.community.pk}/add_subpage/", follow=True)
    building_model = type(grid.building)._meta
    check(
        f"/admin/pages/add/{building_model.app_label}/{building_model.model_name}/" in response.content.decode() + "".join(u for u, _s in response.redirect_chain),
        "a building can be added under the community",
    )
    return admin


# One check per sub-app, run after the core's, with the core's grid and a signed-in superuser.


def check_plaques(grid, client):
    from grid_pages.plaques.models import Plaque, PlaqueIndexPage, PlaqueMember

    plaque = Plaque.objects.create(room=grid.rooms["502"], since=date(2024, 9, 1), commitment="Set an example")
    PlaqueMember.objects.create(plaque=plaque, name="Zhang San", sort_order=0)
    client.logout()
    html = get(client, grid.floor.url)
    check('class="grid-plaques"' in html and "Set an example" in html, "the floor page shows its plaque")
    index = publish(grid.root, PlaqueIndexPage(title="Plaques", slug="plaques"))
    check("Building 3" in get(client, index.url), "the plaque index lists the building")
    check("Zhang San" in get(client, f"/grid/plaques/{plaque.pk}/print/"), "the print sheet names the member")


def check_activities(grid, client):
    from django.utils import timezone

    from grid_pages.activities.models import ActivityIndexPage, ActivityPage

    index = publish(grid.community, ActivityIndexPage(title="Activities", slug="activities"))
    start = timezone.now() + timedelta(days=3)
    activity = ActivityPage(title="Tea with the warden", slug="tea", start=start, end=start + timedelta(hours=2), place="Hall")
    publish(grid.building, activity)
    client.logout()
    check("Tea with the warden" in get(client, index.url), "the activity index lists the activity")
    check("Tea with the warden" in get(client, grid.building.url), "the building page shows its activity")
    get(client, activity.url)


def check_notices(grid, client):
    from grid_pages.notices.models import NoticePage

    notice = publish(grid.community, NoticePage(title="Water off on Friday", slug="water", body="<p>From 9 to 12.</p>"))
    client.logout()
    check("Water off on Friday" in get(client, grid.floor.url), "a community notice reaches the floor page")
    check("From 9 to 12." in get(client, notice.url), "the notice page shows its body")
    check("Water off on Friday" in get(client, f"/grid/notices/feed/{grid.floor.pk}/rss/"), "the floor's feed has it")


def check_reception(grid, client):
    from django.utils import timezone

    from grid_pages.reception.models import ReceptionPage, ReceptionSession

    page = publish(grid.community, ReceptionPage(title="Reception day", slug="reception"))
    day = timezone.localdate() + timedelta(days=7)
    session = ReceptionSession.objects.create(
        page=page, leader_name="Dean Li", date=day, start_time=time(14), end_time=time(16), place="Room 101", capacity=5
    )
    client.logout()
    check("Dean Li" in get(client, page.url), "the reception page lists the session")
    get(client, f"/grid/reception/session/{session.pk}/book/")
    check("BEGIN:VCALENDAR" in get(client, f"/grid/reception/{page.pk}/sessions.ics"), "the sessions' calendar feed")


def check_access(grid, client):
    from django.contrib.auth import get_user_model

    from grid_pages.access.services import sync_all_access
    from grid_pages.models import GridAssignment, StaffMember
    from grid_pages.roles import GridRole

    user = get_user_model().objects.create_user("floorhead", password="pw")
    staff = StaffMember.objects.create(name="Floor head", user=user)
    GridAssignment.objects.create(page=grid.floor, staff=staff, role=GridRole.FLOOR_HEAD)
    sync_all_access()
    client.force_login(user)
    get(client, f"/admin/pages/{grid.floor.pk}/edit/")
    response = client.get(f"/admin/pages/{grid.building.pk}/edit/")
    check(response.status_code != 200, f"a floor head cannot edit the building ({response.status_code})")


def check_importer(grid, client):
    import tempfile

    from django.core.management import call_command

    from grid_pages.conf import get_building_model
    from grid_pages.models import Room

    with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8", delete=False) as grid_file:
        grid_file.write("community,building,floor,room\nWest community,Building 7,2,201\nWest community,Building 7,2,202\n")
    call_command("import_grid", grid_file.name, verbosity=0)
    os.unlink(grid_file.name)
    building = get_building_model().objects.get(title="Building 7")
    check(Room.objects.filter(floor__path__startswith=building.path).count() == 2, "the import created the rooms")
    client.logout()
    check("2层" in get(client, building.url), "the imported building renders with its floor")


def check_coverage(grid, client):
    from grid_pages.coverage.report import coverage_report

    report = coverage_report()
    check(report.level("floor").covered == 1 and report.level("community").covered == 0, "coverage counts the heads")
    check("East community" in get(client, "/admin/grid-coverage/"), "the coverage page lists the uncovered community")


def add_student(grid):
    from grid_pages.roster.models import Student

    return Student.objects.create(name="Wang Wu", number="2024001", room=grid.rooms["501"], bed=1)


def check_roster(grid, client):
    add_student(grid)
    check("Wang Wu" in get(client, "/admin/roster/students/"), "the roster lists the student")
    check("Wang Wu" in get(client, f"/admin/roster/beds/{grid.floor.pk}/"), "the floor's beds show the student")


def check_holidays(grid, client):
    from django.utils import timezone

    from grid_pages.holidays.models import HolidayDeclarationPage, HolidayPeriod

    add_student(grid)
    today = timezone.localdate()
    period = HolidayPeriod.objects.create(name="National Day", leave_from=today + timedelta(days=3), return_by=today + timedelta(days=10))
    get(client, f"/admin/holidays/{period.pk}/floors/")
    check("Wang" in get(client, f"/admin/holidays/{period.pk}/floors/{grid.floor.pk}/"), "the floor's round lists the student")
    page = publish(grid.community, HolidayDeclarationPage(title="Holiday plans", slug="holidays"))
    client.logout()
    get(client, page.url)


def check_nightchecks(grid, client):
    add_student(grid)
    check("Floor 5" in get(client, "/admin/nightchecks/"), "tonight's floors list the floor")
    check("Wang" in get(client, f"/admin/nightchecks/floors/{grid.floor.pk}/"), "the round lists the student")


def check_inspections(grid, client):
    check("Floor 5" in get(client, "/grid/inspections/"), "the inspection start lists the floor")
    get(client, f"/grid/inspections/floor/{grid.floor.pk}/")
    get(client, "/admin/inspections/rounds/")


SUBAPP_CHECKS = {
    "plaques": check_plaques,
    "activities": check_activities,
    "notices": check_notices,
    "reception": check_reception,
    "access": check_access,
    "importer": check_importer,
    "coverage": check_coverage,
    "cases": lambda grid, client: None,  # the core's checks run check_cases wherever cases is installed
    "roster": check_roster,
    "holidays": check_holidays,
    "nightchecks": check_nightchecks,
    "inspections": check_inspections,
}


def check_slugs(community, client):
    """ASCII slugs without wagtail.contrib.redirects: new pages get them, ``ascii_slugs`` fixes old ones."""
    import io

    from django.core.management import call_command
    from django.utils import timezone

    from grid_pages.models import BuildingPage, CommunityPage

    root = community.get_parent()
    new = root.add_child(instance=CommunityPage(title="东区梅园", short_name="东区梅园"))
    check(new.slug == "dongqu-meiyuan", f"a new community gets a pinyin slug, got {new.slug!r}")
    # An older page, published with its title as slug.
    old = root.add_child(instance=CommunityPage(title="西区", slug="西区", first_published_at=timezone.now()))
    old.save_revision().publish()
    building = old.add_child(instance=BuildingPage(title="西区3栋", short_number="3"))
    check(building.slug == "3", f"a building's slug is its number, got {building.slug!r}")
    out = io.StringIO()
    call_command("ascii_slugs", stdout=out)
    old.refresh_from_db()
    check(old.slug == "xiqu", f"ascii_slugs gives the old community a pinyin slug, got {old.slug!r}")
    check("not redirected" in out.getvalue(), "ascii_slugs says old URLs are not redirected without the app")
    response = client.get("/xiqu/")
    check(response.status_code == 200, f"the re-slugged page answers at its new URL, got {response.status_code}")


def main():
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE")
    check(settings_module in SETTINGS, f"run with one of {SETTINGS}")
    django.setup()

    from django.apps import apps
    from django.core.management import call_command
    from django.test import Client

    call_command("check", fail_level="WARNING")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    if "--migrate-only" in sys.argv:  # a template database for the sub-apps' runs (test_standalone.py)
        print("migrated")
        return
    # The shipped migrations match the models under this host too (swapped-page safe).
    labels = [c.label for c in apps.get_app_configs() if c.name.startswith("grid_pages") or c.name.startswith("tests.")]
    call_command("makemigrations", *labels, check=True, dry_run=True, verbosity=0)

    grid = build_grid()
    client = Client()
    check_pages(grid, client)
    check_find_my_room(grid, client)
    check_route(grid)
    if apps.is_installed("grid_pages.cases"):
        check_cases(grid, client)
    if settings_module.endswith("swapped_settings"):
        check_swapped(grid, client)
    if settings_module.endswith("standalone.settings"):
        check_slugs(grid.community, client)  # the concrete pages; the swapped site has its own
    check_admin(grid, client)
    subapp = os.environ.get("GRID_STANDALONE_SUBAPP") if settings_module.endswith("subapp_settings") else None
    if subapp:
        SUBAPP_CHECKS[subapp](grid, client)

    leaked = forbidden_imports()
    check(not leaked, f"grid_pages pulled in {leaked}")
    print("standalone OK")


if __name__ == "__main__":
    main()
