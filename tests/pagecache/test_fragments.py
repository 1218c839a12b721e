"""A grid page's sections kept as fragments (one per section) per page, language and generation
(``grid_pages.pagecache.fragments``): shared by the requests the page cache would share,
never stale, never seen by editors or previews, and the page byte for byte the same."""

import datetime
import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from grid_pages.extensions import VOLATILE_SECTIONS
from grid_pages.models import Room
from grid_pages.pagecache import fragments, generation, store
from grid_pages.reception import services as reception
from grid_pages.roles import GridRole
from tests.activities.factories import ActivityPageFactory
from tests.factories import GridAssignmentFactory, StaffMemberFactory
from tests.notices.factories import NoticePageFactory
from tests.plaques.factories import PlaqueFactory
from tests.reception.factories import ReceptionPageFactory, ReceptionSessionFactory

from .conftest import STATUS

pytestmark = pytest.mark.usefixtures("page_cache_on")

SENTINEL = "<p>sections kept for this generation</p>"
# With the page cache's middleware and the sections from a copy: the route only (the site's
# root in the active language is kept for the generation, serving.py); a page's people and
# lists come from its "people" fragment too, the language switch's links from this
# generation's. A floor's ``?room=`` reads its rooms (to find the one marked); the
# people above it (who is responsible) are kept for the generation (grid_pages/tree.py).
# tests/grid_pages/test_queries.py pins the pages rendered whole: 5 / 6 / 5.
BUILDING_QUERIES = 1
FLOOR_QUERIES = 1
FLOOR_ROOM_QUERIES = 2
COMMUNITY_QUERIES = 1
# The first request after a change (the generation's): the site and its root's translations,
# the view restrictions, the route, and what the generation shares (the live pages, the next
# moments, the grid with the landmarks, the people, plaques with members, activities,
# notices, a building's rankings or a community's sessions) read once: at most 12.
MOST_QUERIES = 12


def kept(name="sections"):
    """The fragments ``name`` this process keeps (by default every section of every page):
    {key: entry}."""
    return {key: entry for key, entry in store.local().entries.items() if key.startswith(fragments.prefix(name))}


def kept_pages(name="sections"):
    """The pages (pks) whose fragments ``name`` this process keeps."""
    return {key.rsplit("|", 1)[1] for key in kept(name)}


def assert_kept_now(pages=1):
    """The sections of ``pages`` pages are kept, each for the current generation it follows (the
    next request reads them): every write for those showing a volatile model, else a change
    of content."""
    entries = kept()
    assert len(kept_pages()) == pages
    for key, entry in entries.items():
        volatile = key.startswith(fragments.prefix(VOLATILE_SECTIONS.rstrip(":")))
        assert entry.generation == (generation.current() if volatile else generation.content())


def replace_kept(html):
    """Put ``html`` in every kept section (after the order it keeps), to see who is served from one."""
    for entry in kept().values():
        order, _, _ = entry.body.partition(b"\n")
        entry.body = order + b"\n" + html.encode()


def floor_of(building, number):
    return building.get_children().specific().get(slug=f"f{number}")


def test_room_variants_of_a_floor_share_the_sections(client, campus, uncached):
    floor = floor_of(campus["x3"], 5)
    client.get(floor.url, **uncached)
    assert_kept_now()
    replace_kept(SENTINEL)
    for params in ({}, {"room": "502"}, {"room": "503", "utm_source": "wechat"}):
        assert SENTINEL in client.get(floor.url, params, **uncached).text
    assert len(kept_pages()) == 1


def test_grid_pages_share_one_find_room_box(client, campus, uncached):
    """The empty find-my-room box is the same on every grid page: one copy per language and
    generation; a search typed into it (``?q=``) renders the box with its text."""
    floor = floor_of(campus["x3"], 5)
    client.get(campus["x3"].url, **uncached)
    boxes = kept("find_room_box")
    assert len(boxes) == 1
    for entry in boxes.values():
        entry.body = SENTINEL.encode()
    for url in (floor.url, campus["xiangyuan"].url, campus["home"].url):
        assert SENTINEL in client.get(url, **uncached).text
    searched = client.get(floor.url, {"q": "3栋502"}, **uncached).text
    assert SENTINEL not in searched and 'value="3栋502"' in searched
    generation.bump()
    assert SENTINEL not in client.get(floor.url, **uncached).text


def test_room_variants_of_a_floor_share_its_people_and_rooms(client, campus, uncached):
    """One copy of the staff list and the rooms for every ``?room=``; each request marks its own
    room in it, and names who is responsible for that room."""
    floor = floor_of(campus["x3"], 5)
    plain = client.get(floor.url, **uncached).text
    assert "is-selected" not in plain
    assert len(kept("people")) == 1
    first = client.get(floor.url, {"room": "502"}, **uncached).text
    second = client.get(floor.url, {"room": "503"}, **uncached).text
    assert len(kept("people")) == 1
    assert 'id="room-502" class="is-selected"' in first and 'id="room-503">' in first
    assert 'id="room-503" class="is-selected"' in second and 'id="room-502">' in second
    assert first.count("is-selected") == second.count("is-selected") == 1
    assert "grid-chain" in first and "grid-chain" not in plain
    for entry in kept("people").values():
        entry.body = SENTINEL.encode()
    assert SENTINEL in client.get(floor.url, {"room": "502"}, **uncached).text


@pytest.mark.parametrize("params", [{}, {"room": "502"}])
@pytest.mark.parametrize("page", ["home", "xiangyuan", "x3", "floor"])
def test_the_page_is_the_same_byte_for_byte(client, campus, uncached, page, params):
    NoticePageFactory(parent=campus["xiangyuan"], title="停水通知")
    ActivityPageFactory(parent=campus["x3"], title="读书分享会")
    PlaqueFactory(room=Room.objects.get(floor=floor_of(campus["x3"], 5), number="502"))
    ReceptionSessionFactory(page=ReceptionPageFactory(parent=campus["xiangyuan"]))
    url = floor_of(campus["x3"], 5).url if page == "floor" else campus[page].url
    generation.bump()
    rendered = client.get(url, params, **uncached).content
    assert_kept_now()
    from_copy = client.get(url, params, **uncached).content
    assert from_copy == rendered
    generation.bump()
    assert client.get(url, params, **uncached).content == rendered  # and a fresh render again


@pytest.mark.parametrize("page", ["xiangyuan", "x3"])
def test_a_community_and_a_building_keep_their_people_and_lists(client, campus, uncached, page):
    url = campus[page].url
    assert "网格员与职责" in client.get(url, **uncached).text
    assert len(kept("people")) == 1
    for entry in kept("people").values():
        entry.body = SENTINEL.encode()
    response = client.get(url, {"q": "3栋502"}, **uncached)
    # The lists from the copy; the find-my-room box is the request's own.
    assert SENTINEL in response.text and 'value="3栋502"' in response.text
    assert "网格员与职责" not in response.text  # the staff list's heading: not rendered again


def test_a_new_floor_head_shows_on_the_building_at_once(client, campus, uncached):
    building = campus["x3"]
    client.get(building.url, **uncached)
    assert kept("people")
    GridAssignmentFactory(page=floor_of(building, 5), role=GridRole.FLOOR_HEAD, staff=StaffMemberFactory(name="欧阳修"))
    assert "欧阳修" in client.get(building.url, **uncached).text


def test_the_page_cache_misses_use_the_fragment_too(client, campus):
    floor = floor_of(campus["x3"], 2)
    assert client.get(floor.url).headers[STATUS] == "miss"
    replace_kept(SENTINEL)
    response = client.get(floor.url, {"room": "201"})
    assert response.headers[STATUS] == "miss" and SENTINEL in response.text


def test_editors_and_visitors_with_a_session_render_the_sections(client, campus, uncached, django_user_model):
    url = campus["x3"].url
    client.get(url, **uncached)
    replace_kept(SENTINEL)
    assert SENTINEL in client.get(url, **uncached).text
    assert SENTINEL not in client.get(url, HTTP_AUTHORIZATION="Basic eDp5").text
    client.force_login(django_user_model.objects.create_user("editor", password="pw"))
    assert SENTINEL not in client.get(url).text
    assert SENTINEL not in client.get(url, **uncached).text
    client.logout()
    store.clear()
    client.force_login(django_user_model.objects.get(username="editor"))
    client.get(url)
    assert kept() == {}  # nor do they leave one


def test_a_preview_of_a_draft_neither_reads_nor_fills_a_fragment(client, campus, uncached):
    building = campus["x3"]
    client.get(building.url, **uncached)
    replace_kept(SENTINEL)
    draft = building.specific
    draft.title = "草稿楼"
    revision = draft.save_revision()
    # Wagtail's preview request, without the editor's cookies: as anonymous as a request gets.
    response = revision.as_object().make_preview_request()
    assert response.status_code == 200
    assert "草稿楼" in response.text and SENTINEL not in response.text

    store.clear()
    revision.as_object().make_preview_request()
    building.specific.make_preview_request()
    assert kept() == {}


def test_a_notice_added_to_the_community_shows_on_the_floor(client, campus, uncached):
    floor = floor_of(campus["x3"], 4)
    assert "停水通知" not in client.get(floor.url, **uncached).text
    assert_kept_now()
    NoticePageFactory(parent=campus["xiangyuan"], title="停水通知")
    assert "停水通知" in client.get(floor.url, {"room": "401"}, **uncached).text


def test_an_edited_activity_shows_on_the_building(client, campus, uncached):
    activity = ActivityPageFactory(parent=campus["x3"], title="读书分享会")
    assert "读书分享会" in client.get(campus["x3"].url, **uncached).text
    assert_kept_now()
    activity.title = "诗词大会"
    activity.save_revision().publish()
    text = client.get(campus["x3"].url, **uncached).text
    assert "诗词大会" in text and "读书分享会" not in text


def test_a_filled_reception_session_shows_on_the_community(client, campus, uncached):
    session = ReceptionSessionFactory(page=ReceptionPageFactory(parent=campus["xiangyuan"]), capacity=1)
    book = reverse("grid_reception:book", args=[session.pk])
    text = client.get(campus["xiangyuan"].url, **uncached).text
    assert "剩余 1 个名额" in text and book in text
    assert_kept_now()
    reception.book(session, name="李雷", student_number="2024000001", room="3-502", topic="转专业")
    text = client.get(campus["xiangyuan"].url, **uncached).text
    assert "已约满" in text and book not in text


def test_a_changed_plaque_shows_on_the_floor(client, campus, uncached):
    floor = floor_of(campus["x3"], 5)
    plaque = PlaqueFactory(room=Room.objects.get(floor=floor, number="502"), commitment="一人一盏灯")
    assert "一人一盏灯" in client.get(floor.url, **uncached).text
    assert_kept_now()
    plaque.commitment = "灯火常明"
    plaque.save()
    text = client.get(floor.url, {"room": "502"}, **uncached).text
    assert "灯火常明" in text and "一人一盏灯" not in text


def test_a_notice_going_live_shows_without_a_write(client, campus, uncached, monkeypatch):
    floor = floor_of(campus["x3"], 3)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    NoticePageFactory(parent=campus["xiangyuan"], title="定时通知", go_live_at=go_live)
    assert "定时通知" not in client.get(floor.url, **uncached).text
    assert_kept_now()
    current = generation.current()

    later = go_live + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("grid_pages.pagecache.middleware.time", types.SimpleNamespace(time=later.timestamp))
    assert "定时通知" in client.get(floor.url, {"room": "301"}, **uncached).text
    assert generation.current() == current  # nothing was written


def test_languages_are_kept_apart(client, campus, uncached):
    english = Locale.objects.get_or_create(language_code="en")[0]
    building_en = campus["x3"].copy_for_translation(english, copy_parents=True)
    building_en.save_revision().publish()
    zh = client.get(campus["x3"].url, **uncached).text
    en = client.get(building_en.url, **uncached).text
    assert "通知公告" in zh and ">Notices<" in en
    assert {key.split("|")[1] for key in kept()} == {"zh-hans", "en"}
    assert client.get(campus["x3"].url, **uncached).text == zh
    assert client.get(building_en.url, **uncached).text == en


def test_the_language_switch_follows_a_new_translation_at_once(client, campus, uncached):
    building = campus["x3"]
    assert 'hreflang="en"' not in client.get(building.url, **uncached).text  # kept: no English yet
    english = Locale.objects.get_or_create(language_code="en")[0]
    building_en = building.copy_for_translation(english, copy_parents=True)
    building_en.save_revision().publish()
    assert f'href="{building_en.url}" hreflang="en"' in client.get(building.url, **uncached).text


def count(client, url, headers, **params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params, **headers).status_code == 200
    return len(queries)


def test_pages_with_kept_sections_cost_fewer_queries(client, campus, uncached):
    """Pinned with the page cache's middleware (production); without it, as in the test settings,
    the sections render every time (tests/grid_pages/test_queries.py)."""
    floor = floor_of(campus["x3"], 5)
    for url, params, pinned in (
        (campus["x3"].url, {}, BUILDING_QUERIES),
        (floor.url, {}, FLOOR_QUERIES),
        (floor.url, {"room": "502"}, FLOOR_ROOM_QUERIES),
        (campus["xiangyuan"].url, {}, COMMUNITY_QUERIES),
    ):
        client.get(url, params, **uncached)  # fills what a process keeps for good (content types)
        generation.bump()
        cold = count(client, url, uncached, **params)
        # The first request after a change reads what the generation shares, still within 12.
        assert count(client, url, uncached, **params) == pinned < cold <= MOST_QUERIES


def test_a_booking_renders_again_only_the_sections_that_show_one(client, campus, uncached):
    """A booking (GRID_PAGES_PAGECACHE_VOLATILE_MODELS) makes every page render again, but from
    the grid, people, lists, next moments, own lists' and sections' copies this process keeps
    for the content generation: the building asks for its route only and renders none of its
    sections; the community asks for its route and its sessions and renders its reception
    section (``@volatile_section``) with the new free places, its other sections from their
    copies. Any other write makes them read and render everything again."""
    session = ReceptionSessionFactory(page=ReceptionPageFactory(parent=campus["xiangyuan"]), capacity=2)
    building, community = campus["x3"].url, campus["xiangyuan"].url
    for url in (building, community):
        client.get(url, **uncached)
    content = generation.content()
    for entry in kept("people").values():
        entry.body = b"<p>people kept</p>"
    replace_kept("<p>section kept</p>")
    reception.book(session, name="李雷", student_number="2024000001", room="3-502", topic="转专业")
    assert generation.content() == content
    with CaptureQueriesContext(connection) as queries:
        text = client.get(building, **uncached).text
    assert len(queries) == 1 and "<p>people kept</p>" in text and "<p>section kept</p>" in text
    with CaptureQueriesContext(connection) as queries:
        text = client.get(community, **uncached).text
    assert len(queries) == 2 and "剩余 1 个名额" in text and "<p>section kept</p>" in text
    Room.objects.filter(floor__in=campus["x3"].get_children()).first().save()
    assert generation.content() != content
    with CaptureQueriesContext(connection) as queries:
        text = client.get(building, **uncached).text
    assert len(queries) > 1 and "<p>people kept</p>" not in text and "<p>section kept</p>" not in text


def test_after_a_booking_a_page_is_what_a_whole_render_gives(client, campus, uncached):
    """The sections from their copies and the one rendered again come in their order: the
    community after a booking is byte for byte the page rendered from nothing."""
    session = ReceptionSessionFactory(page=ReceptionPageFactory(parent=campus["xiangyuan"]), capacity=2)
    NoticePageFactory(parent=campus["xiangyuan"], title="停水通知")
    ActivityPageFactory(parent=campus["xiangyuan"], title="读书分享会")
    community = campus["xiangyuan"].url
    client.get(community, **uncached)
    reception.book(session, name="李雷", student_number="2024000001", room="3-502", topic="转专业")
    mixed = client.get(community, **uncached).content
    assert "剩余 1 个名额" in mixed.decode()
    store.clear()
    assert client.get(community, **uncached).content == mixed
