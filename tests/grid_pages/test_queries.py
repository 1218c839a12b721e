"""Grid pages cost the same number of queries whatever the number of floors, rooms and people,
and at most 12 (docs/performance.md: the route, the restrictions, the page, its sections)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grid_pages.roles import GridRole
from tests.conftest import build_building
from tests.factories import CommunityPageFactory, GridAssignmentFactory, RoomFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


# Site, locale, site root, the route (one query), view restrictions: 5; then the page's own
# rows (docs/performance.md). What the sections show of the whole campus
# (upcoming activities, landmarks such as activity lists and intake pages, active plaques,
# notices) and the live buildings and floors with their room counts (grid_pages/tree.py) are
# read once per page-cache generation, by the warming request here, and so are the people in
# roles on every page (tree.kept_assignments) and the site's live pages the language switch
# links to (home/templatetags/portal_tags.py).
BUILDING_QUERIES = 5
FLOOR_QUERIES = 6  # + rooms
COMMUNITY_QUERIES = 5
ENGLISH_ROOT_QUERY = 1  # under /en/: the site root's English page
# The bound, for a page that reads everything itself (nothing kept per generation).
MOST_QUERIES = 12


def warm(client, url, params=None):
    # A first request fills per-process caches (content types, site root paths)
    # so that counted requests measure the page itself.
    client.get(url, params or {})


def count_queries(client, url, **params):
    warm(client, url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def small_and_large(home_page):
    """Two communities: one small building, and a building ten times larger."""
    small = CommunityPageFactory(parent=home_page, short_name="小", slug="small")
    large = CommunityPageFactory(parent=home_page, short_name="大", slug="large")
    large_building = build_building(large, number=2, floors=20, rooms_per_floor=3)
    # Ten times the rooms on the first floor, and more people on every level.
    first_floor = large_building.get_children().first()
    for i in range(4, 31):
        RoomFactory(floor=first_floor, number=f"1{i:02d}", head=StaffMemberFactory(), sort_order=i)
    for page in (large_building, first_floor):
        for role in (GridRole.COUNSELLOR, GridRole.DORM_KEEPER, GridRole.OTHER) * 3:
            GridAssignmentFactory(page=page, role=role)
    return {
        "small": build_building(small, number=1, floors=2, rooms_per_floor=3),
        "large": large_building,
        "small_community": small,
        "large_community": large,
    }


def test_building_page_queries_do_not_grow(client, small_and_large, django_assert_num_queries):
    assert count_queries(client, small_and_large["small"].url) == BUILDING_QUERIES
    warm(client, small_and_large["large"].url)
    with django_assert_num_queries(BUILDING_QUERIES):
        client.get(small_and_large["large"].url)


@pytest.mark.parametrize("room", [None, "101"])
def test_floor_page_queries_do_not_grow(client, small_and_large, django_assert_num_queries, room):
    params = {"room": room} if room else {}
    small_floor = small_and_large["small"].get_children().first()
    large_floor = small_and_large["large"].get_children().first()
    assert large_floor.specific.grid_rooms.count() == 10 * small_floor.specific.grid_rooms.count()
    assert large_floor.specific.grid_assignments.count() > small_floor.specific.grid_assignments.count()
    assert count_queries(client, small_floor.url, **params) == FLOOR_QUERIES
    warm(client, large_floor.url, params)
    with django_assert_num_queries(FLOOR_QUERIES):
        client.get(large_floor.url, params)


def test_community_page_queries_do_not_grow(client, small_and_large, django_assert_num_queries):
    small = small_and_large["small_community"]
    large = small_and_large["large_community"]
    for number in range(3, 12):
        build_building(large, number=number, floors=3, rooms_per_floor=4)
    assert count_queries(client, small.url) == COMMUNITY_QUERIES
    warm(client, large.url)
    with django_assert_num_queries(COMMUNITY_QUERIES):
        client.get(large.url)


@pytest.mark.parametrize("level", ["building", "floor", "community"])
def test_reading_their_own_lists_pages_do_not_grow_either(client, small_and_large, monkeypatch, level):
    """Where nothing is kept per generation (a site without ``grid_pages.pagecache``, or past
    the bounds of what is kept), each page reads its own site, lists and sections: still a
    fixed number of queries (docs/performance.md)."""
    from grid_pages.pagecache import generation

    monkeypatch.setattr(generation, "installed", lambda: False)
    if level == "community":
        for number in range(3, 12):
            build_building(small_and_large["large_community"], number=number, floors=3, rooms_per_floor=4)
        small, large = small_and_large["small_community"], small_and_large["large_community"]
    elif level == "floor":
        small, large = (small_and_large[size].get_children().first() for size in ("small", "large"))
    else:
        small, large = small_and_large["small"], small_and_large["large"]
    small_count = count_queries(client, small.url)
    assert small_count == count_queries(client, large.url)
    assert {"building": BUILDING_QUERIES, "floor": FLOOR_QUERIES, "community": COMMUNITY_QUERIES}[level] < small_count
    # Wagtail's own serving (site, locale, the root's specific row), the route with the
    # landmarks, the restrictions, the language switch's links, the page's rows and sections.
    assert small_count <= MOST_QUERIES


@pytest.fixture
def small_and_large_in_english(small_and_large):
    """The same campus with the English tree kept in sync (aliases of every page), and the
    people's positions translated."""
    from wagtail.models import Locale

    from grid_pages.models import StaffMember, StaffMemberTranslation
    from home.translation import ensure_synchronization

    en = Locale.objects.get_or_create(language_code="en")[0]
    ensure_synchronization()
    StaffMemberTranslation.objects.bulk_create(
        StaffMemberTranslation(staff=person, locale=en, position=f"Position {person.pk}") for person in StaffMember.objects.all()
    )
    return {name: page.get_translation(en) for name, page in small_and_large.items()}


@pytest.mark.parametrize("level", ["building", "floor", "community"])
def test_english_pages_cost_what_chinese_pages_cost(client, small_and_large_in_english, level):
    from django.utils import translation

    pages = small_and_large_in_english
    if level == "building":
        small, large, pinned = pages["small"], pages["large"], BUILDING_QUERIES
    elif level == "floor":
        small, large, pinned = pages["small"].get_children().first(), pages["large"].get_children().first(), FLOOR_QUERIES
    else:
        small, large, pinned = pages["small_community"], pages["large_community"], COMMUNITY_QUERIES
    with translation.override("en"):
        small_count, large_count = count_queries(client, small.url), count_queries(client, large.url)
    translation.deactivate()
    # One more than in Chinese: the site root's page in the active language. The aliases and
    # the translated positions (read in the people's own queries) cost nothing.
    assert small_count == large_count == pinned + ENGLISH_ROOT_QUERY
