import pytest
from wagtail.models import Locale

from grid_pages.roles import GridRole
from tests.conftest import build_building
from tests.factories import (
    BuildingPageFactory,
    CommunityPageFactory,
    FloorPageFactory,
    GridAssignmentFactory,
    RoomFactory,
)


def add_floor(building, number, rooms):
    floor = FloorPageFactory(parent=building, number=number, title=f"{number}层", slug=f"f{number}")
    GridAssignmentFactory(page=floor, role=GridRole.FLOOR_HEAD)
    for i, room in enumerate(rooms, start=1):
        RoomFactory(floor=floor, number=room, sort_order=i)
    return floor


@pytest.fixture
def other_campus(home_page):
    """Another university's naming: lettered, named and two-digit buildings, rooms like 1203 and B101."""
    east = CommunityPageFactory(parent=home_page, title="东区社区", short_name="东区", slug="east")
    west = CommunityPageFactory(parent=home_page, title="西区社区", short_name="西区", slug="west")
    a = BuildingPageFactory(parent=east, title="A座", short_number="A", slug="a")
    add_floor(a, 3, ["301", "302", "303"])
    b = BuildingPageFactory(parent=east, title="B座", short_number="B", slug="b")
    add_floor(b, 1, ["B101", "B102"])
    add_floor(b, 5, ["502"])
    twelve = BuildingPageFactory(parent=east, title="12号楼", short_number="12", slug="twelve")
    add_floor(twelve, 12, ["1201", "1203"])
    boya = BuildingPageFactory(parent=west, title="博雅楼", short_number="BY", slug="boya")
    add_floor(boya, 5, ["501", "502", "503"])
    seven = BuildingPageFactory(parent=west, title="西区7幢", short_number="7", slug="seven")
    add_floor(seven, 3, ["302"])
    return {"east": east, "west": west, "a": a, "b": b, "twelve": twelve, "boya": boya, "seven": seven}


def make_campus(home_page, *, communities, buildings, floors, rooms_per_floor, first=0):
    """A synthetic campus for query counts: communities 园<first>.., each with buildings 1..n."""
    for c in range(first, first + communities):
        community = CommunityPageFactory(parent=home_page, title=f"园{c}社区", short_name=f"园{c}", slug=f"c{c}")
        for n in range(1, buildings + 1):
            build_building(community, number=n, floors=floors, rooms_per_floor=rooms_per_floor)


@pytest.fixture
def english_campus(campus):
    """The demo campus with 庠园 building 3's floor 5 translated to English (served under /en/)."""
    en = Locale.objects.get_or_create(language_code="en")[0]
    floor5 = campus["x3"].get_children().get(slug="f5")
    translations = {}
    for page in floor5.get_ancestors(inclusive=True).filter(depth__gt=1).specific():
        copy = page.copy_for_translation(en)
        if page.pk == campus["x3"].pk:
            copy.title = "Xiangyuan Building 3"
        copy.save_revision().publish()
        translations[page.pk] = copy
    return {**campus, "en": en, "en_x3": translations[campus["x3"].pk], "en_floor5": translations[floor5.pk]}
