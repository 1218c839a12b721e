"""Community and building pages take their buildings and floors from the site's live grid, and
every grid page its people, read once per page-cache generation (``grid_pages.tree``): the same
pages, order, room counts and people as their own query, without a query of their own."""

import pytest

from grid_pages import tree
from grid_pages.pagecache import generation
from grid_pages.roles import GridRole
from tests.factories import FloorPageFactory, GridAssignmentFactory, RoomFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


def fresh(page):
    """``page`` as a new request loads it: without the lists a previous call kept on it."""
    return type(page).objects.get(pk=page.pk)


def floors_shown(floors):
    return [(f.pk, f.title, f.number, f.room_count, f.url, f.get_parent().pk) for f in floors]


def grid_shown(community):
    buildings, floors = community.live_grid()
    return [(b.pk, b.title, b.url, b.get_parent().pk) for b in buildings], floors


def queried(page, method, monkeypatch, *args):
    """What ``page.method(*args)`` finds with its own query (nothing kept)."""
    with monkeypatch.context() as patch:
        patch.setattr(tree, "kept_live_grid", lambda: None)
        patch.setattr(tree, "kept_assignments", lambda: None)
        return getattr(fresh(page), method)(*args)


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


def people(pair):
    own, others = pair
    return [(a.pk, a.page_id, a.role, a.staff.name, a.staff.shown_position) for a in own], sorted(
        (a.pk, a.page_id, a.role, a.staff.name, a.staff.shown_position) for a in others
    )


def test_each_page_takes_the_people_its_query_finds(campus, monkeypatch, django_assert_num_queries):
    x3 = campus["x3"]
    floor = x3.get_children().first().specific
    # A second floor head, placed before the first: each page's people keep their order.
    floor.grid_assignments.update(sort_order=5)
    GridAssignmentFactory(page=floor, role=GridRole.FLOOR_HEAD, sort_order=1)
    GridAssignmentFactory(page=x3, role=GridRole.COUNSELLOR)
    floors = [f.pk for f in x3.get_children()]
    asked = [
        (campus["xiangyuan"], [x3.pk, campus["x5"].pk], GridRole.BUILDING_HEAD),
        (x3, floors, GridRole.FLOOR_HEAD),
        (floor, [x3.pk, campus["xiangyuan"].pk], None),
    ]
    tree.kept_assignments()  # read for this generation
    for page, page_ids, role in asked:
        page = fresh(page)
        with django_assert_num_queries(0):
            kept = page.assignments_with(page_ids, role)
        assert people(kept) == people(queried(page, "assignments_with", monkeypatch, page_ids, role)), page
    own, _ = fresh(floor).assignments_with([])
    assert [a.sort_order for a in own] == [1, 5]


def test_each_language_has_its_peoples_texts(english_campus):
    from django.utils import translation

    from grid_pages.models import StaffMemberTranslation

    head = fresh(english_campus["x3"]).assignments_with([])[0][0].staff
    StaffMemberTranslation.objects.create(staff=head, locale=english_campus["en"], position="Branch secretary")
    with translation.override("en"):
        english = fresh(english_campus["x3"]).assignments_with([])[0][0].staff
    chinese = fresh(english_campus["x3"]).assignments_with([])[0][0].staff
    assert english.shown_position == "Branch secretary"
    assert chinese.shown_position == "党支部书记"


def test_a_new_person_is_seen_on_the_next_request(client, campus):
    floor = campus["x3"].get_children().first()
    assert "新来的层长" not in client.get(floor.url).content.decode()
    GridAssignmentFactory(page=floor.specific, staff=StaffMemberFactory(name="新来的层长"))
    assert "新来的层长" in client.get(floor.url).content.decode()


def test_past_the_bound_each_page_reads_its_people(campus, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(tree, "KEPT_ASSIGNMENTS", 3)
    generation.bump()
    assert tree.kept_assignments() is None
    building = fresh(campus["x3"])
    floors = [f.pk for f in building.get_children()]
    with django_assert_num_queries(1):
        own, heads = building.assignments_with(floors, GridRole.FLOOR_HEAD)
    assert [a.role for a in own] == [GridRole.BUILDING_HEAD]
    assert sorted(a.page_id for a in heads) == floors
