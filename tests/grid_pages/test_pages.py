"""What visitors see on community, building and floor pages, fetched through HTTP."""

import re

import pytest
from bs4 import BeautifulSoup
from django.utils.html import escape
from django.utils.translation import override

from grid_pages.privacy import student_contact
from grid_pages.roles import DEFAULT_DUTIES, GridRole
from tests.conftest import build_building
from tests.factories import (
    BuildingPageFactory,
    CommunityPageFactory,
    FloorPageFactory,
    GridAssignmentFactory,
    RoomFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script>"


def get_html(client, page, **params):
    response = client.get(page.url, params)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html):
    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)


def numbers(text):
    return [int(n) for n in re.findall(r"\d+", text)]


def breadcrumb_titles(html):
    nav = BeautifulSoup(html, "html.parser").select_one("nav.grid-breadcrumbs")
    return [li.get_text(strip=True) for li in nav.select("li")]


def child_cards(html):
    """{title: card} of the buildings (or floors) a page lists."""
    cards = BeautifulSoup(html, "html.parser").select(".grid-children .grid-card")
    return {card.h3.get_text(strip=True): card for card in cards}


def default_duties(role):
    with override("zh-hans"):
        return str(DEFAULT_DUTIES[role])


# Community


def test_community_lists_buildings_with_counts_and_heads(client, campus):
    head = campus["x3"].grid_assignments.get(role=GridRole.BUILDING_HEAD).staff
    html = get_html(client, campus["xiangyuan"])
    soup = BeautifulSoup(html, "html.parser")
    cards = {card.h3.get_text(strip=True): card for card in soup.select(".grid-children .grid-card")}
    # The other community's building 3 is not listed here.
    assert list(cards) == ["庠园3栋", "庠园5栋"]
    # Floor count, then room count.
    assert numbers(cards["庠园3栋"].select(".grid-meta")[0].get_text()) == [5, 15]
    assert numbers(cards["庠园5栋"].select(".grid-meta")[0].get_text()) == [2, 6]
    head_line = cards["庠园3栋"].select(".grid-meta")[1].get_text(" ", strip=True)
    assert head.name in head_line and head.phone in head_line
    with override("zh-hans"):
        assert str(GridRole.BUILDING_HEAD.label) in head_line
    assert soup.select_one(f'.grid-children a[href="{campus["x3"].url}"]')


def test_community_shows_its_head_and_breadcrumbs(client, campus):
    head = campus["xiangyuan"].grid_assignments.get().staff
    html = get_html(client, campus["xiangyuan"])
    assert head.name in text_of(html)
    assert breadcrumb_titles(html) == [campus["home"].title, "庠园社区"]


def test_community_without_buildings_says_so(client, home_page):
    community = CommunityPageFactory(parent=home_page)
    html = get_html(client, community)
    assert "grid-children" in html
    assert not BeautifulSoup(html, "html.parser").select(".grid-children .grid-card")


def test_community_hides_unpublished_buildings_and_floors(client, campus):
    draft = build_building(campus["xiangyuan"], number=9, floors=1, title="草稿9栋")
    draft.unpublish()
    campus["x5"].get_children().get(slug="f2").specific.unpublish()
    html = get_html(client, campus["xiangyuan"])
    cards = child_cards(html)
    assert list(cards) == ["庠园3栋", "庠园5栋"]
    # Building 5 now counts only its published floor and that floor's rooms.
    assert numbers(cards["庠园5栋"].select(".grid-meta")[0].get_text()) == [1, 3]


def test_community_counts_only_buildings_and_floors(client, campus):
    """Other pages under a community or a building (a notice, an activity) are not counted as
    buildings or floors."""
    from tests.activities.factories import ActivityPageFactory
    from tests.notices.factories import NoticePageFactory

    NoticePageFactory(parent=campus["xiangyuan"], title="停水通知")
    ActivityPageFactory(parent=campus["x5"], title="读书分享会")
    html = get_html(client, campus["xiangyuan"])
    cards = child_cards(html)
    assert list(cards) == ["庠园3栋", "庠园5栋"]
    assert numbers(cards["庠园5栋"].select(".grid-meta")[0].get_text()) == [2, 6]


# Building


def test_building_shows_facts_floors_and_breadcrumbs(client, campus):
    building = campus["x3"]
    building.college = "经济学院"
    building.address = "东区学生公寓3号"
    building.save_revision().publish()
    html = get_html(client, building)
    text = text_of(html)
    assert "经济学院" in text and "东区学生公寓3号" in text
    assert breadcrumb_titles(html) == [campus["home"].title, "庠园社区", "庠园3栋"]

    soup = BeautifulSoup(html, "html.parser")
    floors = [card.get_text(" ", strip=True) for card in soup.select(".grid-children .grid-card")]
    assert [f.split(" ")[0] for f in floors] == ["1层", "2层", "3层", "4层", "5层"]
    for level, card in enumerate(floors, start=1):
        floor = building.get_children().get(slug=f"f{level}").specific
        floor_head = floor.grid_assignments.get(role=GridRole.FLOOR_HEAD).staff
        assert floor_head.name in card
        assert floor_head.phone in card
        assert numbers(card.split(floor_head.name)[0])[-1] == 3  # three rooms per floor


def test_building_staff_show_contacts_and_default_duties(client, campus):
    building = campus["x3"]
    head = building.grid_assignments.get().staff
    html = get_html(client, building)
    soup = BeautifulSoup(html, "html.parser")
    person = soup.select_one(".grid-staff .grid-person")
    text = person.get_text(" ", strip=True)
    assert head.name in text and head.position in text
    assert person.select_one(f'a[href="tel:{head.phone}"]')
    assert person.select_one(f'a[href="mailto:{head.email}"]')
    assert head.office in text
    assert default_duties(GridRole.BUILDING_HEAD) in text


def test_building_staff_duties_override_and_free_role_name(client, campus):
    building = campus["x3"]
    GridAssignmentFactory(
        page=building, role=GridRole.DORM_KEEPER, duties="负责夜间门禁登记", staff=StaffMemberFactory(name="张阿姨")
    )
    GridAssignmentFactory(
        page=building,
        role=GridRole.OTHER,
        role_name="心理委员",
        staff=StaffMemberFactory(name="赵同学"),
        sort_order=5,
    )
    html = get_html(client, building)
    people = {
        p.select_one(".grid-person__name").get_text(" ", strip=True).split(" ")[0]: p
        for p in BeautifulSoup(html, "html.parser").select(".grid-staff .grid-person")
    }
    keeper = people["张阿姨"].get_text(" ", strip=True)
    assert "负责夜间门禁登记" in keeper
    assert default_duties(GridRole.DORM_KEEPER) not in keeper
    other = people["赵同学"]
    assert other.select_one(".grid-person__role").get_text(strip=True) == "心理委员"


def test_building_hides_unpublished_floors(client, campus):
    building = campus["x5"]
    draft = FloorPageFactory(parent=building, number=9, title="草稿9层", slug="f9", live=False)
    RoomFactory(floor=draft, number="9草01")  # no generated name, phone or e-mail holds it
    html = get_html(client, building)
    assert "草稿9层" not in html
    assert "9草01" not in html


# Floor


def test_floor_lists_rooms_with_heads_and_breadcrumbs(client, campus):
    floor = campus["x3"].get_children().get(slug="f5").specific
    rooms = list(floor.grid_rooms.select_related("head").order_by("sort_order"))
    html = get_html(client, floor)
    soup = BeautifulSoup(html, "html.parser")
    rows = soup.select(".grid-rooms tbody tr")
    assert [row.th.get_text(strip=True) for row in rows] == ["501", "502", "503"]
    for row, room in zip(rows, rooms):
        assert row["id"] == room.anchor
        # A visitor sees the room head (a student) as surname + 同学 with a masked number.
        shown = student_contact(room.head, None)
        assert shown.name in row.get_text(" ", strip=True) and room.head.name not in row.get_text()
        assert shown.phone in row.get_text() and not row.select_one("a[href^='tel:']")
    assert breadcrumb_titles(html) == [campus["home"].title, "庠园社区", "庠园3栋", "5层"]
    floor_head = floor.grid_assignments.get().staff
    assert floor_head.name in soup.select_one(".grid-staff").get_text()


def test_floor_marks_the_room_asked_for_with_its_chain(client, campus):
    floor = campus["x3"].get_children().get(slug="f5").specific
    room = floor.grid_rooms.get(number="502")
    html = get_html(client, floor, room="502")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("tr.is-selected").th.get_text(strip=True) == "502"
    chain = soup.select_one(".grid-chain").get_text(" ", strip=True)
    building_head = campus["x3"].grid_assignments.get().staff
    community_head = campus["xiangyuan"].grid_assignments.get().staff
    for person in (student_contact(room.head, None), floor.grid_assignments.get().staff, building_head, community_head):
        assert person.name in chain


def test_floor_without_room_heads_says_not_assigned(client, campus):
    floor = FloorPageFactory(parent=campus["x5"], number=3, title="3层", slug="f3")
    RoomFactory(floor=floor, number="301", head=None)
    html = get_html(client, floor)
    row = BeautifulSoup(html, "html.parser").select_one(".grid-rooms tbody tr")
    assert row.select_one(".grid-empty")


def test_unpublished_floor_is_not_served(client, campus):
    floor = campus["x5"].get_children().get(slug="f2").specific
    url = floor.url
    floor.unpublish()
    assert client.get(url).status_code == 404


# Escaping


def test_hostile_text_is_escaped_everywhere(client, home_page):
    community = CommunityPageFactory(parent=home_page, title=f"社区{HOSTILE}", short_name="恶意", slug="evil")
    building = BuildingPageFactory(
        parent=community, title=f"楼{HOSTILE}", college=HOSTILE, address=HOSTILE, short_number="9", slug="b9"
    )
    GridAssignmentFactory(
        page=building,
        role=GridRole.OTHER,
        role_name=HOSTILE,
        duties=HOSTILE,
        staff=StaffMemberFactory(name=HOSTILE, position=HOSTILE, office=HOSTILE, phone="13800000000"),
    )
    floor = FloorPageFactory(parent=building, number=1, title=f"层{HOSTILE}", slug="f1")
    GridAssignmentFactory(page=floor, role=GridRole.FLOOR_HEAD, staff=StaffMemberFactory(name=HOSTILE))
    RoomFactory(floor=floor, number="101", head=StaffMemberFactory(name=HOSTILE))
    for page in (community, building, floor):
        html = get_html(client, page)
        assert HOSTILE not in html, page
        assert escape(HOSTILE) in html, page
    html = get_html(client, floor, room="101")
    assert HOSTILE not in html


# Anonymous pages carry no per-user state, so a shared cache may hold them.


@pytest.mark.parametrize("level", ["xiangyuan", "x3", "floor"])
def test_anonymous_grid_pages_carry_no_per_user_state(client, campus, level):
    page = campus["x3"].get_children().first() if level == "floor" else campus[level]
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "wagtail-userbar" not in html and "w-userbar" not in html
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    vary = [v.strip().lower() for v in response.headers.get("Vary", "").split(",")]
    assert "cookie" not in vary


def test_editors_do_get_the_userbar(client, campus, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.edu.cn", "pw")
    client.force_login(user)
    html = get_html(client, campus["x3"])
    assert "userbar" in html


def test_larger_building_renders(client, home_page):
    community = CommunityPageFactory(parent=home_page, short_name="大", slug="big")
    building = build_building(community, number=8, floors=4, rooms_per_floor=5)
    html = get_html(client, building)
    assert len(BeautifulSoup(html, "html.parser").select(".grid-children .grid-card")) == 4
