"""parse_room_query on any campus's naming; find_rooms against a real grid."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from grid_pages.lookup import ParsedQuery, chinese_number, find_rooms, normalise, parse_room_query, room_chain
from grid_pages.models import BuildingPage
from grid_pages.roles import GridRole
from tests.grid_pages.conftest import make_campus

# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    "text, community, building, room",
    [
        ("庠园3栋502", "庠园", "3", "502"),
        ("3栋 502", "", "3", "502"),
        ("3号楼502", "", "3", "502"),
        ("3-502", "", "3", "502"),
        ("3#502", "", "3", "502"),
        ("3 # 502", "", "3", "502"),
        ("3 502", "", "3", "502"),
        ("3/502", "", "3", "502"),
        ("3栋502室", "", "3", "502"),
        ("3栋5层502", "", "3", "502"),
        ("A座302", "", "A", "302"),
        ("a座302", "", "A", "302"),
        ("A-302", "", "A", "302"),
        ("B2-101", "", "B2", "101"),
        ("12号楼 1203", "", "12", "1203"),
        ("12-502", "", "12", "502"),
        ("西区7幢", "西区", "7", ""),
        ("西区7幢302室", "西区", "7", "302"),
        ("３栋５０２", "", "3", "502"),
        ("３＃５０２", "", "3", "502"),
        ("3—502", "", "3", "502"),
        ("  3栋\t 502  ", "", "3", "502"),
        ("庠园社区3栋502", "庠园", "3", "502"),
        ("庠园-3-502", "庠园", "3", "502"),
        ("三栋502", "", "3", "502"),
        ("十二号楼1203", "", "12", "1203"),
        ("二十三栋101", "", "23", "101"),
        ("庠园 3栋", "庠园", "3", ""),
        ("3栋", "", "3", ""),
        ("3", "", "3", ""),
        ("3-502-1", "", "3", "502-1"),
        ("3栋A502", "", "3", "A502"),
        ("Building 3 Room 502", "", "3", "502"),
        ("Block A, Rm 302", "", "A", "302"),
        ("Xiangyuan 3-502", "Xiangyuan", "3", "502"),
        ("Xiangyuan Building 3", "Xiangyuan", "3", ""),
        ("Qinyuan Block A", "Qinyuan", "A", ""),
        ("庠园 3", "庠园", "3", ""),
    ],
)
def test_parse_building_and_room(text, community, building, room):
    assert parse_room_query(text) == ParsedQuery(community=community, building=building, room=room)


@pytest.mark.parametrize(
    "text, name, room",
    [
        ("博雅楼502", "博雅楼", "502"),
        ("博雅楼 502室", "博雅楼", "502"),
        ("庠园502", "庠园", "502"),
        ("Boya Hall 502", "Boya Hall", "502"),
        ("Science Building 502", "Science", "502"),
        ("3区502", "3区", "502"),
        # A word ending in a letter is a name, not building "N".
        ("Xiangyuan 502", "Xiangyuan", "502"),
        ("庠园", "庠园", ""),
        ("庠园社区", "庠园社区", ""),
        ("博雅楼", "博雅楼", ""),
    ],
)
def test_parse_named_building_or_community(text, name, room):
    assert parse_room_query(text) == ParsedQuery(building_name=name, room=room)


@pytest.mark.parametrize(
    "text, room", [("502", "502"), ("1203", "1203"), ("A502", "A502"), ("502室", "502"), ("５０２", "502")]
)
def test_parse_room_alone(text, room):
    assert parse_room_query(text) == ParsedQuery(room=room)


@pytest.mark.parametrize("text", ["", "   ", None, "!!!", "？？？", "-#-", "\x00\x01\x02", "\u200b", "、、、"])
def test_parse_nothing_usable(text):
    assert not parse_room_query(text)


@pytest.mark.parametrize(
    "text",
    [
        "x" * 100_000,
        "3栋" * 10_000,
        "' OR 1=1; DROP TABLE grid_pages_room; --",
        "<script>alert(1)</script>",
        "3栋\x00502",
        "%_%",
        "\ud800",
        "🏠3栋502",
    ],
)
def test_parse_hostile_input_never_raises(text):
    parsed = parse_room_query(text)
    assert len(str(parsed)) <= 100


def test_normalise_strips_control_characters_and_bounds_length():
    assert normalise("3栋\x00502\n") == "3栋 502"
    assert normalise("ａｂｃ　１２３") == "abc 123"
    assert len(normalise("9" * 1000)) == 100


@pytest.mark.parametrize(
    "text, expected",
    [("一", "1"), ("十", "10"), ("十二", "12"), ("二十", "20"), ("二十三", "23"), ("十十", "十十"), ("3", "3")],
)
def test_chinese_number(text, expected):
    assert chinese_number(text) == expected


# ---------------------------------------------------------------- lookup on the demo campus


@pytest.mark.parametrize("text", ["庠园3栋502", "庠园 3栋 502", "庠园社区3栋502", "庠园3-502", "庠园三栋502", "庠园502"])
def test_one_room(campus, text):
    result = find_rooms(text)
    assert result.room is not None
    assert result.room.number == "502"
    assert result.room.building.pk == campus["x3"].pk
    assert result.room.community.pk == campus["xiangyuan"].pk
    assert result.message == ""


def test_room_in_a_building_only_one_community_has_that_high(campus):
    # Both communities have a 3栋 but only 庠园's has a fifth floor.
    assert find_rooms("3栋502").room.building.pk == campus["x3"].pk


@pytest.mark.parametrize("text", ["3栋102", "3-102", "3号楼102", "3#102"])
def test_ambiguous_building_lists_candidates(campus, text):
    result = find_rooms(text)
    assert result.room is None
    assert {r.building.pk for r in result.rooms} == {campus["x3"].pk, campus["q3"].pk}
    assert {r.community.title for r in result.rooms} == {"庠园社区", "沁园社区"}
    assert "Several" in result.message or "多" in result.message


def test_room_alone_lists_candidates_across_campus(campus):
    result = find_rooms("101")
    assert len(result.rooms) == 3
    assert all(r.number == "101" and r.building and r.community for r in result.rooms)


def test_building_alone(campus):
    assert find_rooms("庠园 3栋").building.pk == campus["x3"].pk
    assert find_rooms("5栋").building.pk == campus["x5"].pk
    ambiguous = find_rooms("3栋")
    assert ambiguous.building is None
    assert {b.pk for b in ambiguous.buildings} == {campus["x3"].pk, campus["q3"].pk}


def test_community_alone_lists_its_buildings(campus):
    for text in ("庠园", "庠园社区"):
        result = find_rooms(text)
        assert result.building is None
        assert [c.pk for c in result.communities] == [campus["xiangyuan"].pk]
        assert [b.pk for b in result.buildings] == [campus["x3"].pk, campus["x5"].pk]
        assert all(b.community.pk == campus["xiangyuan"].pk for b in result.buildings)


def test_unknown_room_suggests_building_and_nearby_rooms(campus):
    result = find_rooms("庠园3栋509")
    assert result.room is None and not result.rooms
    assert [b.pk for b in result.buildings] == [campus["x3"].pk]
    assert [r.number for r in result.nearby] == ["501", "502", "503"]
    assert "509" in result.message


def test_unknown_building_in_known_community_suggests_its_buildings(campus):
    result = find_rooms("庠园9栋502")
    assert not result.rooms
    assert [b.pk for b in result.buildings] == [campus["x3"].pk, campus["x5"].pk]
    assert result.unknown_building and "9" in result.message


@pytest.mark.parametrize("text", ["9栋502", "火星3栋502", "999", "不存在的楼"])
def test_nothing_matches(campus, text):
    result = find_rooms(text)
    assert not result.rooms and not result.buildings and not result.nearby
    assert result.message


def test_unpublished_floor_is_not_found(campus):
    floor = campus["x3"].get_children().get(slug="f5")
    floor.unpublish()
    assert not find_rooms("庠园3栋502").rooms


def test_unpublished_building_hides_its_rooms(campus):
    campus["x5"].unpublish()  # its floors stay live
    result = find_rooms("201")
    assert {r.building.pk for r in result.rooms} == {campus["x3"].pk, campus["q3"].pk}


def test_candidates_are_capped(campus, settings):
    settings.GRID_PAGES_LOOKUP_MAX_CANDIDATES = 2
    result = find_rooms("101")
    assert len(result.rooms) == 2 and result.truncated


def test_chosen_building_and_room(campus):
    result = find_rooms(building_id=campus["q3"].pk, room="２０１室")
    assert result.room.building.pk == campus["q3"].pk
    assert find_rooms(building_id=str(campus["q3"].pk), room="").building.pk == campus["q3"].pk


@pytest.mark.parametrize("building_id", ["abc", "-1", "0", "²", "99999999999999999999999", 2**40, "1e3", " "])
def test_chosen_building_invalid(campus, building_id):
    result = find_rooms(building_id=building_id, room="502")
    assert result.room is None and result.unknown_building and result.message


def test_chosen_building_unknown(campus):
    result = find_rooms(building_id=campus["x3"].pk + 10_000, room="502")
    assert result.unknown_building and not result.rooms


def test_room_chain_from_room_head_to_community_head(campus):
    room = find_rooms("庠园3栋502").room
    rows = room_chain(room)
    assert [label for label, _people in rows] == [
        GridRole.ROOM_HEAD.label,
        GridRole.FLOOR_HEAD.label,
        GridRole.BUILDING_HEAD.label,
        GridRole.COMMUNITY_HEAD.label,
    ]
    assert all(len(people) == 1 for _label, people in rows)
    assert rows[0][1] == [room.head]


# ---------------------------------------------------------------- other campuses' naming


@pytest.mark.parametrize(
    "text, building, room",
    [
        ("A座302", "a", "302"),
        ("东区A座302", "a", "302"),
        ("A-302", "a", "302"),
        ("12号楼 1203", "twelve", "1203"),
        ("十二号楼1203", "twelve", "1203"),
        ("1203", "twelve", "1203"),
        ("博雅楼502", "boya", "502"),
        ("博雅502", "boya", "502"),
        ("BY-502", "boya", "502"),
        ("西区7幢302", "seven", "302"),
        ("西区7幢 302室", "seven", "302"),
        ("B101", "b", "B101"),  # a room numbered with a letter
        ("b101", "b", "B101"),
        ("B502", "b", "502"),  # room 502 of building B
        ("B座B102", "b", "B102"),
    ],
)
def test_other_naming(other_campus, text, building, room):
    result = find_rooms(text)
    assert result.room is not None, result
    assert result.room.number == room
    assert result.room.building.pk == other_campus[building].pk


def test_named_building_alone(other_campus):
    assert find_rooms("博雅楼").building.pk == other_campus["boya"].pk


def test_lettered_building_alone(other_campus):
    assert find_rooms("A座").building.pk == other_campus["a"].pk


def test_community_of_other_campus(other_campus):
    result = find_rooms("西区")
    assert [b.pk for b in result.buildings] == [other_campus["boya"].pk, other_campus["seven"].pk]


def test_room_in_several_named_places(other_campus):
    result = find_rooms("502")
    assert {r.building.pk for r in result.rooms} == {other_campus["b"].pk, other_campus["boya"].pk}


# ---------------------------------------------------------------- queries and locales

QUERIES = ["园0 2栋101", "2栋101", "101", "园0 2栋", "园0", "园0 9栋101", "2栋109", "园0502", "A101", "!!!"]
MAX_QUERIES = 5


def count_queries():
    counts = {}
    for text in QUERIES:
        with CaptureQueriesContext(connection) as ctx:
            find_rooms(text)
        counts[text] = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        find_rooms(building_id=BuildingPage.objects.order_by("path").first().pk, room="101")
    counts["chosen"] = len(ctx.captured_queries)
    return counts


@pytest.mark.parametrize("size", [(1, 2, 1, 2), (4, 5, 6, 8)], ids=["small", "larger"])
def test_query_count_is_bounded(home_page, django_assert_max_num_queries, size):
    communities, buildings, floors, rooms = size
    make_campus(home_page, communities=communities, buildings=buildings, floors=floors, rooms_per_floor=rooms)
    for text in QUERIES:
        with django_assert_max_num_queries(MAX_QUERIES):
            find_rooms(text)


def test_query_count_does_not_grow_with_the_campus(home_page):
    make_campus(home_page, communities=1, buildings=2, floors=1, rooms_per_floor=2)
    small = count_queries()
    make_campus(home_page, communities=3, buildings=4, floors=3, rooms_per_floor=4, first=1)
    assert count_queries() == small


def test_lookup_is_locale_aware(english_campus):
    with translation.override("en"):
        result = find_rooms("3栋502")
        assert result.room.floor.pk == english_campus["en_floor5"].pk
        assert result.room.building.title == "Xiangyuan Building 3"
        # Only floor 5 is translated: English pages have no room 101.
        assert not find_rooms("101").rooms
    with translation.override("zh-hans"):
        assert find_rooms("3栋502").room.floor.locale.language_code == "zh-hans"
        assert len(find_rooms("101").rooms) == 3


def test_explicit_locale(english_campus):
    assert find_rooms("3-502", locale=english_campus["en"]).room.floor.pk == english_campus["en_floor5"].pk


def test_chosen_building_follows_the_active_locale(english_campus):
    with translation.override("en"):
        result = find_rooms(building_id=english_campus["x3"].pk, room="502")
    assert result.room.floor.pk == english_campus["en_floor5"].pk
