"""Migrate a fresh database with the standalone settings and render the grid through HTTP.

Run in its own process (``test_standalone.py`` does so) with
``DJANGO_SETTINGS_MODULE=tests.standalone.settings``; exits non-zero on the first failure.
It uses the plain model API, not tests.factories, which import the portal's home app.
"""

import os
import sys

import django

FORBIDDEN_MODULES = {"portal", "home", "search", "wagtail_localize"}


def check(condition, message):
    if not condition:
        raise SystemExit(f"FAIL: {message}")


def forbidden_imports():
    return sorted({name.split(".")[0] for name in sys.modules} & FORBIDDEN_MODULES)


def build_grid():
    from wagtail.models import Site

    from grid_pages.models import BuildingPage, CommunityPage, FloorPage, GridAssignment, Room, StaffMember
    from grid_pages.roles import GridRole

    root = Site.objects.get(is_default_site=True).root_page
    check(CommunityPage.can_create_at(root), "a community can be created under the site root")
    community = root.add_child(instance=CommunityPage(title="East community", slug="east", short_name="East"))
    building = community.add_child(
        instance=BuildingPage(title="Building 3", slug="b3", short_number="3", college="School of Economics")
    )
    check(not CommunityPage.can_create_at(building), "no community inside a building")
    floor = building.add_child(instance=FloorPage(title="Floor 5", slug="f5", number=5))
    head = StaffMember.objects.create(name="Ms Wang", phone="13800000000")
    room_head = StaffMember.objects.create(name="Li Lei")
    GridAssignment.objects.create(page=building, staff=head, role=GridRole.BUILDING_HEAD)
    GridAssignment.objects.create(page=floor, staff=head, role=GridRole.FLOOR_HEAD)
    Room.objects.create(floor=floor, number="501", head=room_head, sort_order=1)
    Room.objects.create(floor=floor, number="502", sort_order=2)
    return community, building, floor


def check_cases(community, floor, client):
    """The cases sub-app: a repair request page takes a report and its tracking page shows it."""
    import re

    from grid_pages.cases.models import Case, CaseCategory, RepairRequestPage

    check(CaseCategory.objects.filter(kind="repair").exists(), "the default matter list is installed")
    page = community.add_child(instance=RepairRequestPage(title="Repairs", slug="repairs"))
    page.save_revision().publish()
    response = client.get(page.url)
    check(response.status_code == 200, f"repair page answers 200, got {response.status_code}")
    html = response.content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', html)
    check(token is not None, "the repair form carries a one-time token")
    response = client.post(
        page.url,
        {
            "category": CaseCategory.objects.filter(kind="repair").first().pk,
            "room": "3-502",
            "description": "The tap leaks",
            "submission_token": token.group(1),
        },
    )
    case = Case.objects.first()
    check(response.status_code == 302 and case is not None, f"the report became a case ({response.status_code})")
    check(case.floor_id == floor.pk and case.room.number == "502", "the case is routed to floor 5")
    response = client.get(f"/track/{case.code}/")
    check(response.status_code == 200 and "The tap leaks" in response.content.decode(), "the tracking page shows it")


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
    check(os.environ.get("DJANGO_SETTINGS_MODULE") == "tests.standalone.settings", "run with the standalone settings")
    django.setup()

    from django.core.management import call_command
    from django.test import Client

    call_command("check", fail_level="WARNING")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    # The shipped migrations match the models under this host too (swapped-page safe).
    call_command("makemigrations", "grid_pages", "grid_cases", check=True, dry_run=True, verbosity=0)

    community, building, floor = build_grid()
    client = Client()

    response = client.get(building.url)
    check(response.status_code == 200, f"building page answers 200, got {response.status_code}")
    html = response.content.decode()
    check(html.lstrip().lower().startswith("<!doctype html>"), "grid_pages/base.html is a full HTML page")
    check('class="grid-standalone"' in html, "the app's own base template is used")
    for text in ("Building 3", "School of Economics", "Ms Wang", "Floor 5", "East community"):
        check(text in html, f"building page shows {text!r}")
    check("/grid/find/" in html, "the find-my-room form posts to grid_pages.urls")

    for page, text in ((community, "Building 3"), (floor, "Lei")):
        response = client.get(page.url)
        check(response.status_code == 200, f"{page.title} answers 200")
        check(text in response.content.decode(), f"{page.title} shows {text!r}")
    # The room head is a student: visitors get the surname only (grid_pages/privacy.py).
    check("Li Lei" not in response.content.decode(), "the floor page masks the room head's name")

    response = client.get("/grid/find/", {"q": "3-502"})
    check(response.status_code == 302 and response.url.startswith(floor.url), "find-my-room finds room 502")

    check_cases(community, floor, client)
    check_slugs(community, client)

    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    for url in (f"/admin/pages/{floor.pk}/edit/", f"/admin/pages/add/grid_pages/floorpage/{building.pk}/"):
        response = client.get(url)
        check(response.status_code == 200, f"admin {url} answers 200, got {response.status_code}")

    leaked = forbidden_imports()
    check(not leaked, f"grid_pages pulled in {leaked}")
    print("standalone OK")


if __name__ == "__main__":
    main()
