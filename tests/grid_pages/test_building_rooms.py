"""The floors and rooms of a building as JSON, for the building pickers of the intake forms."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale, PageViewRestriction

from tests.conftest import build_building
from tests.factories import BuildingPageFactory, CommunityPageFactory, FloorPageFactory, RoomFactory

URL = "/grid/find/rooms/"
pytestmark = pytest.mark.django_db


def get_json(client, url, building, status=200):
    response = client.get(url, {"building": building})
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    return response.json()


def numbers(data):
    return [[room["number"] for room in floor["rooms"]] for floor in data["floors"]]


def test_url_name():
    assert reverse("grid_pages:building_rooms") == URL


def test_live_floors_with_their_rooms(client, campus):
    x5 = campus["x5"]
    first, second = x5.get_children().specific().order_by("path")
    data = get_json(client, URL, x5.pk)
    assert data["building"] == {"id": x5.pk, "title": "庠园5栋"}
    assert [(f["id"], f["title"]) for f in data["floors"]] == [(first.pk, "1层"), (second.pk, "2层")]
    rooms = first.grid_rooms.order_by("sort_order")
    assert data["floors"][0]["rooms"] == [{"id": room.pk, "number": room.number} for room in rooms]
    assert numbers(data) == [["101", "102", "103"], ["201", "202", "203"]]


def test_floors_in_the_building_pages_order_and_rooms_in_the_floor_pages(client, home_page):
    """Floor 10 made before floor 5 still comes after it, as on the building page (502 before
    1001); rooms keep the order editors gave them on the floor page, not that of their rows."""
    community = CommunityPageFactory(parent=home_page, short_name="东区", slug="east")
    building = BuildingPageFactory(parent=community, title="东区1栋", short_number="1", slug="b1")
    tenth = FloorPageFactory(parent=building, number=10, title="10层", slug="f10")
    fifth = FloorPageFactory(parent=building, number=5, title="5层", slug="f5")
    for order, number in [(2, "1002"), (1, "1001")]:
        RoomFactory(floor=tenth, number=number, sort_order=order)
    for order, number in [(3, "510"), (1, "502"), (2, "509")]:
        RoomFactory(floor=fifth, number=number, sort_order=order)

    data = get_json(client, URL, building.pk)
    assert [f["title"] for f in data["floors"]] == ["5层", "10层"]
    assert numbers(data) == [["502", "509", "510"], ["1001", "1002"]]
    for floor, listed in zip((fifth, tenth), numbers(data)):
        html = client.get(floor.url).content.decode()
        assert re.findall(r'<tr id="room-([^"]+)"', html) == listed


def test_unpublished_floors_are_left_out_and_empty_floors_kept(client, campus):
    x5 = campus["x5"]
    first, second = x5.get_children().order_by("path")
    second.specific.unpublish()
    empty = FloorPageFactory(parent=x5, number=3, title="3层", slug="f3")
    data = get_json(client, URL, x5.pk)
    assert [f["id"] for f in data["floors"]] == [first.pk, empty.pk]
    assert numbers(data) == [["101", "102", "103"], []]


@pytest.mark.parametrize(
    "value", ["", "abc", "3栋", "-1", "0", "1.5", "1e3", " ", "99999999999999999999", "2147483648", "１２"]
)
def test_malformed_ids_are_404_json(client, campus, value):
    data = get_json(client, URL, value, status=404)
    assert data["message"] == "没有该编号的已发布楼栋。"


def test_missing_parameter_is_404_json(client, campus):
    response = client.get(URL)
    assert response.status_code == 404
    assert response.json()["message"]


def test_unknown_and_non_building_ids_are_404(client, campus):
    floor = campus["x5"].get_children().first()
    for page_id in (floor.pk, campus["xiangyuan"].pk, campus["home"].pk, 1, 987654):
        get_json(client, URL, page_id, status=404)


def test_unpublished_building_is_404(client, campus):
    campus["x5"].unpublish()
    assert get_json(client, URL, campus["x5"].pk, status=404)["message"]
    assert get_json(client, URL, campus["x3"].pk)["floors"]


def test_pages_behind_a_view_restriction_are_left_out(client, campus):
    PageViewRestriction.objects.create(page=campus["x5"], restriction_type=PageViewRestriction.LOGIN)
    get_json(client, URL, campus["x5"].pk, status=404)
    fifth = campus["x3"].get_children().get(slug="f5")
    PageViewRestriction.objects.create(page=fifth, restriction_type=PageViewRestriction.PASSWORD, password="x")
    data = get_json(client, URL, campus["x3"].pk)
    assert [f["title"] for f in data["floors"]] == ["1层", "2层", "3层", "4层"]


def test_english_pages_under_en(client, english_campus):
    en_x3 = english_campus["en_x3"]
    english = get_json(client, "/en" + URL, en_x3.pk)
    assert english["building"] == {"id": en_x3.pk, "title": "Xiangyuan Building 3"}
    assert [f["id"] for f in english["floors"]] == [english_campus["en_floor5"].pk]
    assert numbers(english) == [["501", "502", "503"]]
    # The Chinese building's id gives its English translation on /en/, and the reverse.
    assert get_json(client, "/en" + URL, english_campus["x3"].pk) == english
    assert get_json(client, URL, en_x3.pk)["building"]["id"] == english_campus["x3"].pk
    assert len(get_json(client, URL, en_x3.pk)["floors"]) == 5


def test_english_falls_back_to_the_default_locale(client, english_campus):
    """The English building list offers Chinese buildings while the grid is not translated."""
    x5 = english_campus["x5"]
    data = get_json(client, "/en" + URL, x5.pk)
    assert data["building"]["id"] == x5.pk
    assert numbers(data) == [["101", "102", "103"], ["201", "202", "203"]]


def test_404_message_in_english_under_en(client, campus):
    assert get_json(client, "/en" + URL, "abc", status=404)["message"] == "No published building has this id."


def test_the_same_for_everyone_and_cacheable(client, campus):
    """No session, CSRF token or cookie, whoever asks, so a shared cache may keep it."""
    user = get_user_model().objects.create_user("student", password="pw")
    for logged_in in (False, True):
        if logged_in:
            client.force_login(user)
        for building, status in ((campus["x3"].pk, 200), ("abc", 404)):
            response = client.get(URL, {"building": building})
            assert response.status_code == status
            assert response["Cache-Control"] in ("public, max-age=300", "max-age=300, public")
            assert "cookie" not in response.get("Vary", "").lower()
            assert not response.cookies


def test_only_get_and_head(client, campus):
    assert client.head(URL, {"building": campus["x3"].pk}).status_code == 200
    assert client.post(URL, {"building": campus["x3"].pk}).status_code == 405


def count_queries(client, url, building):
    client.get(url, {"building": building.pk})  # fills per-process caches (content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"building": building.pk})
    assert response.status_code == 200
    return len(queries), response.json()


@pytest.mark.parametrize("url", [URL, "/en" + URL])
def test_query_count_does_not_grow_with_floors_and_rooms(client, home_page, django_assert_num_queries, url):
    """In Chinese, and in English falling back to the Chinese grid."""
    Locale.objects.get_or_create(language_code="en")
    small = build_building(CommunityPageFactory(parent=home_page, slug="small"), number=1, floors=2)
    large = build_building(CommunityPageFactory(parent=home_page, slug="large"), number=1, floors=20)
    expected, data = count_queries(client, url, small)
    assert sum(len(f["rooms"]) for f in data["floors"]) == 6
    client.get(url, {"building": large.pk})
    with django_assert_num_queries(expected):
        response = client.get(url, {"building": large.pk})
    assert sum(len(f["rooms"]) for f in response.json()["floors"]) == 60
