"""Community and building pages take their buildings and floors from the site's live grid, read
once per page-cache generation (``grid_pages.tree``): the same pages, order and room counts as
their own query, without a query of their own."""

import pytest

from grid_pages import tree
from grid_pages.pagecache import generation
from tests.factories import FloorPageFactory, RoomFactory

pytestmark = pytest.mark.django_db


def fresh(page):
    """``page`` as a new request loads it: without the lists a previous call kept on it."""
    return type(page).objects.get(pk=page.pk)


def floors_shown(floors):
    return [(f.pk, f.title, f.number, f.room_count, f.url, f.get_parent().pk) for f in floors]


def grid_shown(community):
    buildings, floors = community.live_grid()
    return [(b.pk, b.title, b.url, b.get_parent().pk) for b in buildings], floors


def queried(page, method, monkeypatch):
    """What ``page.method()`` finds with its own query (no kept tree)."""
    with monkeypatch.context() as patch:
        patch.setattr(tree, "kept_live_grid", lambda: None)
        return getattr(fresh(page), method)()


@pytest.fixture
def odd_floors(campus):
    """Floors the tree must treat as the query does: a basement without rooms added last (shown
    first, by number), an unpublished floor (not shown), a floor added after the others."""
    x3 = campus["x3"]
    FloorPageFactory(parent=x3, number=-1, title="负1层", slug="b1")
    FloorPageFactory(parent=x3, number=9, title="9层", slug="f9").unpublish()
    late = FloorPageFactory(parent=campus["x5"], number=3, title="3层", slug="f3")
    for number in ("301", "302"):
        RoomFactory(floor=late, number=number)
    return campus


def test_a_building_takes_the_floors_its_query_finds(odd_floors, monkeypatch, django_assert_num_queries):
    campus = odd_floors
    tree.kept_live_grid()  # read for this generation
    for name in ("x3", "x5", "q3"):
        building = fresh(campus[name])
        with django_assert_num_queries(0):
            kept = building.live_floors()
        assert floors_shown(kept) == floors_shown(queried(building, "live_floors", monkeypatch)), name
    numbers = [f.number for f in fresh(campus["x3"]).live_floors()]
    assert numbers == [-1, 1, 2, 3, 4, 5]


def test_a_community_takes_the_buildings_and_floors_its_query_finds(odd_floors, monkeypatch, django_assert_num_queries):
    campus = odd_floors
    tree.kept_live_grid()
    for name in ("xiangyuan", "qinyuan"):
        community = fresh(campus[name])
        with django_assert_num_queries(0):
            community.live_grid()
        with monkeypatch.context() as patch:
            patch.setattr(tree, "kept_live_grid", lambda: None)
            assert grid_shown(community) == grid_shown(fresh(community)), name
    buildings, floors = fresh(campus["xiangyuan"]).live_grid()
    assert [b.title for b in buildings] == ["庠园3栋", "庠园5栋"]
    assert sum(f.room_count for f in floors) == 5 * 3 + 2 * 3 + 2


def test_each_page_gets_instances_of_its_own(campus):
    building = fresh(campus["x3"])
    floors = building.live_floors()
    floors[0].heads = ["marked by this request"]
    again = fresh(campus["x3"]).live_floors()
    assert again[0] is not floors[0] and not hasattr(again[0], "heads")
    # Fields a link does not need load on access, as with the query's deferred fields.
    assert fresh(campus["xiangyuan"]).live_grid()[0][0].short_number == "3"


def test_a_write_is_seen_on_the_next_request(client, campus):
    x5, community = campus["x5"], campus["xiangyuan"]
    # 庠园: 3栋 5 floors and 5栋 2 floors, of 3 rooms each.
    assert "2 层 · 6 间寝室" in client.get(community.url).content.decode()
    assert client.get(x5.url).content.decode().count("3 间寝室") == 2
    RoomFactory(floor=x5.get_children().first().specific, number="199")
    assert "2 层 · 7 间寝室" in client.get(community.url).content.decode()
    assert "4 间寝室" in client.get(x5.url).content.decode()
    new = FloorPageFactory(parent=x5, number=7, title="七层新楼层", slug="f7")
    assert "七层新楼层" in client.get(x5.url).content.decode()
    assert "3 层 · 7 间寝室" in client.get(community.url).content.decode()
    new.unpublish()
    assert "七层新楼层" not in client.get(x5.url).content.decode()


def test_past_the_bound_each_page_reads_its_own(campus, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(tree, "KEPT_GRID_PAGES", 5)  # the campus has 3 buildings and 9 floors
    generation.bump()
    assert tree.kept_live_grid() is None
    building = fresh(campus["x3"])
    with django_assert_num_queries(1):
        floors = building.live_floors()
    assert [f.number for f in floors] == [1, 2, 3, 4, 5]
