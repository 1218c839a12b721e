"""``manage.py seed_demo`` end to end: real rows, pages served through the test client."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backend

from grid_pages import privacy
from grid_pages.models import BuildingPage, CommunityPage, FloorPage, GridAssignment, StaffMember
from grid_pages.plaques.models import Plaque
from grid_pages.roles import GridRole
from grid_pages.roster.models import Student
from home import demo_campus
from home.models import HomePage


@pytest.fixture(scope="module")
def seed_output(django_db_setup, django_db_blocker):
    """Seed once for the module inside a transaction that is rolled back afterwards.

    Each test still runs in its own savepoint (the ``db`` fixture), so what one
    test changes does not leak into the next.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            # --if-empty on an empty database seeds.
            call_command("seed_demo", "--if-empty", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()  # Wagtail caches the site's root paths


@pytest.fixture
def seeded(seed_output, db):
    return seed_output


def zh_pages(model):
    return model.objects.filter(locale=Locale.get_default())


def test_campus_has_every_level_with_its_heads(seeded):
    communities = zh_pages(CommunityPage)
    buildings = zh_pages(BuildingPage)
    assert communities.count() == 3
    assert buildings.count() >= 10
    assert {b.short_number for b in buildings} >= {"3", "A"}
    heads = set(GridAssignment.objects.values_list("page_id", "role"))
    for community in communities:
        assert (community.pk, GridRole.COMMUNITY_HEAD) in heads
    for building in buildings:
        assert building.college and building.address and building.introduction
        assert (building.pk, GridRole.BUILDING_HEAD) in heads
        assert (building.pk, GridRole.DORM_KEEPER) in heads
        assert 5 <= FloorPage.objects.child_of(building).count() <= 7
    for floor in zh_pages(FloorPage):
        assert (floor.pk, GridRole.FLOOR_HEAD) in heads
        rooms = list(floor.grid_rooms.all())
        assert 8 <= len(rooms) <= 12
        assert all(room.head_id and room.beds in (4, 6) for room in rooms)
        assert all(room.number.startswith(str(floor.number)) for room in rooms)
    assert GridAssignment.objects.filter(role=GridRole.COUNSELLOR).exists()
    assert not Page.objects.filter(has_unpublished_changes=True).exists()
    assert not Page.objects.filter(live=False).exists()


def test_bulk_created_staff_can_be_searched(seeded):
    room = FloorPage.objects.first().grid_rooms.select_related("head").first()
    assert room.head in get_search_backend().search(room.head.name, StaffMember)


def test_home_page_replaces_the_welcome_page(seeded):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()


def test_summary_names_the_admin_and_urls(seeded):
    assert "Created 83 pages, 83 translations" in seeded
    assert "Admin user: admin" in seeded
    assert "http://127.0.0.1:8000/admin/" in seeded


def test_second_run_changes_nothing(seeded):
    before = demo_campus.campus_counts()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Created 0 pages, 0 translations, 0 staff members." in out.getvalue()
    assert demo_campus.campus_counts() == before


def test_plan_is_reproducible():
    first, second = demo_campus.build_plan(), demo_campus.build_plan()
    assert [p.title for p in first.walk()] == [p.title for p in second.walk()]
    assert demo_campus.planned_people(first) == demo_campus.planned_people(second)


def test_every_main_page_has_an_english_translation(seeded):
    english = Locale.objects.get(language_code="en")
    for model in (HomePage, CommunityPage, BuildingPage, FloorPage):
        for page in zh_pages(model):
            translation = page.get_translation(english)
            assert translation.live and translation.title != page.title


@pytest.mark.parametrize(
    "url, title",
    [
        ("/en/", "Student Community Portal"),
        ("/en/xiangyuan/", "Xiangyuan Community"),
        ("/en/xiangyuan/3/", "Xiangyuan Building 3"),
        ("/en/qinyuan/a/", "Qinyuan Building A"),
        ("/en/xiangyuan/3/5/", "Floor 5"),
    ],
)
def test_english_pages_answer_with_english_titles(seeded, client, url, title):
    response = client.get(url)
    assert response.status_code == 200
    assert f"<title>{title}" in response.content.decode()


def test_english_floor_keeps_its_rooms_and_people(seeded, client):
    english = Locale.objects.get(language_code="en")
    floor = zh_pages(FloorPage).filter(number=5).first()
    translation = floor.get_translation(english)
    assert list(translation.grid_rooms.values_list("number", "head_id")) == list(
        floor.grid_rooms.values_list("number", "head_id")
    )
    assert translation.grid_assignments.filter(role=GridRole.FLOOR_HEAD).exists()
    content = client.get(translation.url).content.decode()
    assert all(room.number in content for room in floor.grid_rooms.all())


def test_chinese_floor_page_shows_its_rooms(seeded, client):
    building = zh_pages(BuildingPage).get(slug="3", title="庠园3栋")
    floor = FloorPage.objects.child_of(building).get(number=5)
    response = client.get("/xiangyuan/3/5/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "5层" in content
    for room in floor.grid_rooms.select_related("head"):
        assert room.number in content
        # Room heads are students: visitors see the surname only (privacy.py).
        assert f"{privacy.surname(room.head.name)}同学" in content


def test_if_empty_skips_when_communities_exist(seeded):
    before = demo_campus.campus_counts()
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "not seeding" in out.getvalue()
    assert demo_campus.campus_counts() == before


@pytest.mark.parametrize(
    "address, url",
    [("127.0.0.1:8765", "http://127.0.0.1:8765"), ("0.0.0.0:9000", "http://127.0.0.1:9000"), ("[::1]:8001", "http://[::1]:8001")],
)
def test_the_links_name_the_address_make_run_serves_on(seeded, address, url):
    """`make run PORT=8765` passes --address 127.0.0.1:8765: the printed links must work."""
    out = StringIO()
    call_command("seed_demo", "--if-empty", "--address", address, stdout=out)
    assert f"Site:  {url}/  (English: {url}/en/)" in out.getvalue()
    assert f"Admin: {url}/admin/" in out.getvalue()
    assert ":8000" not in out.getvalue()


def test_make_run_passes_its_host_and_port_to_seed_demo():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "seed_demo --if-empty --address $(HOST):$(PORT)" in makefile


def test_dry_run_saves_nothing(seeded):
    # Boyuan 15, both languages (the demo cases, which protect their rooms, are elsewhere).
    for building in BuildingPage.objects.filter(slug="15"):
        # Plaques protect their rooms: take them down before removing the building.
        Plaque.objects.filter(room__floor__path__startswith=building.path).delete()
        Student.objects.filter(room__floor__path__startswith=building.path).delete()  # students too
        building.get_descendants(inclusive=True).delete()
    before = demo_campus.campus_counts()
    out = StringIO()
    call_command("seed_demo", "--dry-run", stdout=out)
    assert "Dry run: nothing was saved." in out.getvalue()
    assert "Created 0 pages" not in out.getvalue()
    assert demo_campus.campus_counts() == before


def test_admin_password_comes_from_the_environment(seeded, monkeypatch):
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "campus-demo-2024")
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "campus-demo-2024" not in out.getvalue()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("campus-demo-2024")

    # Without the variable a re-run keeps the password it has.
    monkeypatch.delenv("DJANGO_ADMIN_PASSWORD")
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "password unchanged" in out.getvalue()
    admin.refresh_from_db()
    assert admin.check_password("campus-demo-2024")


def test_admin_edits_seeded_pages_without_stale_drafts(seeded, client):
    client.force_login(get_user_model().objects.get(username="admin"))
    floor = zh_pages(FloorPage).filter(number=3).first()
    translation = floor.get_translation(Locale.objects.get(language_code="en"))
    response = client.get(f"/admin/pages/{floor.pk}/edit/")
    assert response.status_code == 200
    assert all(room.number in response.content.decode() for room in floor.grid_rooms.all())
    # The English page opens in wagtail-localize's translation editor.
    response = client.get(f"/admin/pages/{translation.pk}/edit/")
    assert response.status_code == 200
    assert "Floor 3" in response.content.decode()


def test_every_content_feature_has_demo_content_and_a_few_english_translations(seeded, client):
    from grid_pages.activities.models import ActivityPage
    from grid_pages.notices.models import NoticePage
    from grid_pages.reception.models import ReceptionSession

    assert Plaque.objects.exists()
    assert ActivityPage.objects.live().exists()
    assert ReceptionSession.objects.exists()
    # Translated, not the aliases that show the other notices in Chinese.
    english_notices = NoticePage.objects.live().filter(locale__language_code="en", alias_of__isnull=True)
    assert english_notices.count() >= 2
    english_home = client.get("/en/").content.decode()
    for notice in english_notices:
        assert notice.title in english_home
        response = client.get(notice.url)
        assert response.status_code == 200
        assert not any("\u4e00" <= c <= "\u9fff" for c in notice.title), notice.title


def test_demo_cases_in_every_status_with_english_pages(seeded, client):
    from grid_pages.cases.models import Case, CaseStatus, SuggestionBoxPage

    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert 30 <= Case.objects.count() <= 50
    assert Case.objects.overdue().exists() and Case.objects.filter(escalations__gte=1).exists()
    # The student's ratings: satisfied and basically satisfied (closed), unsatisfied (back with the grid).
    assert Case.objects.filter(rating="satisfied", status=CaseStatus.CLOSED).exists()
    assert Case.objects.filter(rating="basically", status=CaseStatus.CLOSED).exists()
    assert Case.objects.open().filter(rating="unsatisfied").exists()
    from grid_pages.cases.models import PublicAnswerPage

    answer = PublicAnswerPage.objects.live().filter(locale=Locale.get_default()).first()
    assert answer is not None and client.get(answer.url).status_code == 200
    english = Locale.objects.get(language_code="en")
    box = SuggestionBoxPage.objects.get(locale=Locale.get_default(), slug="suggestions")
    assert box.get_translation(english).title == "Suggestion box"
    case = Case.objects.filter(status=CaseStatus.RESOLVED).first()
    assert client.get(f"/en/track/{case.code}/").status_code == 200
    before = Case.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Case.objects.count() == before


def test_demo_handlers_log_in_and_see_their_part_of_the_queue(seeded, client):
    from grid_pages.cases import scope
    from grid_pages.cases.models import Case

    # The first run gives them the admin's password (printed once, like the admin's).
    assert "Grid handler: louzhang (same password as admin)" in seeded
    password = seeded.split("Admin user: admin / password: ")[1].split()[0]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["shequzhang", "louzhang", "cengzhang"])}
    assert set(users) == {"shequzhang", "louzhang", "cengzhang"}
    floor_head = users["cengzhang"]
    floor = GridAssignment.objects.get(staff__user=floor_head, role=GridRole.FLOOR_HEAD, page__locale=Locale.get_default()).page
    building = floor.get_parent()
    assert GridAssignment.objects.filter(staff__user=users["louzhang"], page=building, role=GridRole.BUILDING_HEAD).exists()
    assert GridAssignment.objects.filter(
        staff__user=users["shequzhang"], page=building.get_parent(), role=GridRole.COMMUNITY_HEAD
    ).exists()

    assert client.login(username="cengzhang", password=password)
    on_floor = Case.objects.filter(floor=floor)
    assert on_floor.exists() and Case.objects.exclude(floor=floor).exists()
    content = client.get("/admin/cases/queue/").content.decode()
    assert all(case.display_code in content for case in on_floor)
    assert not any(case.display_code in content for case in Case.objects.exclude(floor=floor))
    assert set(scope.visible_cases(floor_head)) == set(on_floor)
    # Linking the account also gave the floor's page rights (the access app).
    assert client.get(f"/admin/pages/{floor.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{building.pk}/edit/").status_code in (302, 403)

    # A re-run keeps their passwords and links.
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Grid handler: cengzhang (password unchanged)" in out.getvalue()
    floor_head.refresh_from_db()
    assert floor_head.check_password(password)


def test_the_english_tree_mirrors_the_chinese_one(seeded, client):
    """What issue 14 found missing: every Chinese page in English (translated or falling back to
    the Chinese text), clean slugs, the reception day, activities and notices under /en/."""
    from grid_pages.activities.models import ActivityPage
    from grid_pages.notices.models import NoticePage

    english = Locale.objects.get(language_code="en")
    chinese = Page.objects.filter(locale=Locale.get_default(), depth__gt=1)
    assert set(chinese.values_list("translation_key", flat=True)) <= set(
        Page.objects.filter(locale=english).values_list("translation_key", flat=True)
    )
    assert not Page.objects.filter(locale=english, depth__gt=2, slug__endswith="-en").exists()
    for url in ("/en/reception/", "/en/repair/", "/en/suggestions/"):
        assert client.get(url).status_code == 200, url
    assert ActivityPage.objects.live().filter(locale=english).count() == ActivityPage.objects.live().filter(
        locale=Locale.get_default()
    ).count()
    assert NoticePage.objects.live().filter(locale=english).count() == NoticePage.objects.live().filter(
        locale=Locale.get_default()
    ).count()
    home = client.get("/en/").content.decode()
    assert "/en/reception/" in home
    # Translated pages have no notice; the others say they are shown in Chinese.
    assert "Not translated yet" not in client.get("/en/xiangyuan/3/").content.decode()
    assert "Not translated yet" in client.get("/en/reception/").content.decode()
    listing = client.get("/en/huodong/").content.decode()
    assert any(a.title in listing for a in ActivityPage.objects.live().filter(locale=english))
