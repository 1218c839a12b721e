"""Landmarks (activity lists, reception and intake pages) are read once per page-cache generation
for the whole site and each page picks its own (``extensions.landmarks``): the same pages, in the
same order and language, as the page's own query."""

import pytest
from wagtail.models import Locale

from grid_pages import extensions
from grid_pages.pagecache import generation
from tests.activities.factories import ActivityIndexPageFactory

pytestmark = pytest.mark.django_db


def fresh(page):
    """``page`` without the landmarks a previous call kept on it."""
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def lists(campus):
    """Activity lists at every level (campus, community, building, floor) and in the other community."""
    floor = campus["x3"].get_children().first().specific
    return {
        "campus": ActivityIndexPageFactory(parent=campus["home"], slug="all-activities"),
        "xiangyuan": ActivityIndexPageFactory(parent=campus["xiangyuan"], slug="x-activities"),
        "x3": ActivityIndexPageFactory(parent=campus["x3"], slug="x3-activities"),
        "floor": ActivityIndexPageFactory(parent=floor, slug="floor-activities"),
        "qinyuan": ActivityIndexPageFactory(parent=campus["qinyuan"], slug="q-activities"),
        "floor_page": floor,
    }


def test_each_page_picks_what_its_own_query_finds(campus, lists, django_assert_num_queries):
    floor = lists["floor_page"]
    assert [p.pk for p in extensions.landmarks(fresh(floor))] == [
        lists[name].pk for name in ("floor", "x3", "xiangyuan", "campus")
    ]
    pages = [floor, campus["x3"], campus["x5"], campus["xiangyuan"], campus["q3"], campus["home"], lists["x3"]]
    for page in pages:
        with django_assert_num_queries(0):
            picked = extensions.landmarks(page)
        assert [p.pk for p in picked] == [p.pk for p in extensions._landmarks_query(page)], page


def test_an_english_page_picks_the_english_landmarks(campus, lists):
    from home.translation import ensure_synchronization

    en = Locale.objects.get_or_create(language_code="en")[0]
    ensure_synchronization()
    building = campus["x3"].get_translation(en)
    picked = extensions.landmarks(building)
    assert [p.pk for p in picked] == [p.pk for p in extensions._landmarks_query(building)]
    assert [p.translation_key for p in picked] == [lists[name].translation_key for name in ("x3", "xiangyuan", "campus")]
    assert {p.locale_id for p in picked} == {en.pk}


def test_a_new_landmark_is_found_after_the_write(campus, lists):
    assert [p.pk for p in extensions.landmarks(fresh(campus["x5"]))] == [lists["xiangyuan"].pk, lists["campus"].pk]
    own = ActivityIndexPageFactory(parent=campus["x5"], slug="x5-activities")
    assert [p.pk for p in extensions.landmarks(fresh(campus["x5"]))] == [own.pk, lists["xiangyuan"].pk, lists["campus"].pk]


def test_past_the_bound_each_page_reads_its_own(campus, lists, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(extensions, "KEPT_LANDMARKS", 4)  # the site has five
    generation.bump()
    extensions.landmarks(fresh(campus["home"]))  # reads the site's, finds too many
    page = fresh(campus["x3"])
    with django_assert_num_queries(1):  # the page's own (the site's are not read again this generation)
        picked = extensions.landmarks(page)
    assert [p.pk for p in picked] == [lists["x3"].pk, lists["xiangyuan"].pk, lists["campus"].pk]


def test_the_landmarks_below_a_page_are_those_its_query_finds(campus, lists, monkeypatch, django_assert_num_queries):
    from grid_pages.activities.models import ActivityIndexPage

    expected = [lists[name].pk for name in ("floor", "x3", "xiangyuan", "qinyuan", "campus")]  # tree order
    extensions.landmarks_below(campus["home"], ActivityIndexPage)  # the site's read for this generation
    with django_assert_num_queries(0):
        assert [p.pk for p in extensions.landmarks_below(campus["home"], ActivityIndexPage)] == expected
        assert [p.pk for p in extensions.landmarks_below(campus["x3"], ActivityIndexPage)] == [lists["floor"].pk, lists["x3"].pk]
    with monkeypatch.context() as patch:
        patch.setattr(extensions, "kept_landmarks", lambda: None)
        assert [p.pk for p in extensions.landmarks_below(campus["home"], ActivityIndexPage)] == expected
    # Read with the site's grid, or on their own where the grid is not kept: the same pages.
    assert [p.pk for p in extensions.kept_landmarks()] == [p.pk for p in extensions._load_landmarks()]


def test_without_kept_landmarks_the_route_reads_them_with_the_pages(client, campus, lists, monkeypatch):
    """Where nothing is kept per generation (no page cache), the route reads a grid page's
    landmarks with the pages along its URL: the same pages as the page's own query, and the
    page asks no query of its own for them."""
    from wagtail.models import Page

    own_query = extensions._landmarks_query

    def not_asked(page):
        raise AssertionError(f"{page} queried its own landmarks")

    monkeypatch.setattr(generation, "installed", lambda: False)
    monkeypatch.setattr(extensions, "_landmarks_query", not_asked)
    draft = ActivityIndexPageFactory(parent=campus["x3"], slug="x3-draft")
    draft.unpublish()
    for page in (lists["floor_page"], campus["x3"], campus["x5"], campus["xiangyuan"], campus["q3"]):
        served = client.get(page.url).context["page"]
        assert [p.pk for p in served._grid_landmarks] == [p.pk for p in own_query(page)], page
    assert [p.pk for p in client.get(lists["floor_page"].url).context["page"]._grid_landmarks] == [
        lists[name].pk for name in ("floor", "x3", "xiangyuan", "campus")
    ]
    assert Page.objects.filter(pk=draft.pk, live=False).exists()  # left out above
