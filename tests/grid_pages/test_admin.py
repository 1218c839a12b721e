"""Rooms never vanish silently: the floor editor and page deletion refuse, with a clear message."""

import pytest
from django.contrib.messages import get_messages
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override
from wagtail.test.utils.form_data import querydict_from_html

from grid_pages.forms import protected_references
from grid_pages.models import FloorPage, Room
from tests.testapp.models import RoomNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor(campus):
    """The 5th floor of 庠园3栋: rooms 501, 502, 503."""
    return campus["x3"].get_children().get(slug="f5").specific


def edit_form_data(client, page):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["action-publish"] = "action-publish"
    return url, data


def room_prefix(data, number):
    """The formset prefix (grid_rooms-N) of the room with this number in the edit form."""
    for key, value in data.items():
        if key.startswith("grid_rooms-") and key.endswith("-number") and value == number:
            return key.removesuffix("-number")
    raise AssertionError(f"room {number} is not in the form")


def message(msgid, **params):
    """The message as the admin shows it, in the site's default language (escaped as in HTML)."""
    with override(settings.LANGUAGE_CODE):
        return escape(gettext(msgid) % params)


def room_numbers(floor):
    return sorted(Room.objects.filter(floor=floor).values_list("number", flat=True))


def test_editing_a_floor_without_changes_publishes(admin_client, floor):
    url, data = edit_form_data(admin_client, floor)
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert room_numbers(floor) == ["501", "502", "503"]


def test_renaming_and_adding_rooms_is_saved(admin_client, floor):
    url, data = edit_form_data(admin_client, floor)
    data[f"{room_prefix(data, '503')}-number"] = "503A"
    total = int(data["grid_rooms-TOTAL_FORMS"])
    data.update(
        {
            f"grid_rooms-{total}-number": "504",
            f"grid_rooms-{total}-beds": "4",
            f"grid_rooms-{total}-head": "",
            f"grid_rooms-{total}-ORDER": str(total + 1),
            f"grid_rooms-{total}-id": "",
            "grid_rooms-TOTAL_FORMS": str(total + 1),
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert room_numbers(floor) == ["501", "502", "503A", "504"]


@pytest.mark.parametrize("duplicate", ["501", " 501 "])
def test_duplicate_room_numbers_are_refused(admin_client, floor, duplicate):
    url, data = edit_form_data(admin_client, floor)
    data[f"{room_prefix(data, '502')}-number"] = duplicate
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert message("Room %(number)s is listed twice on this floor.", number="501") in response.content.decode()
    assert room_numbers(floor) == ["501", "502", "503"]


def test_duplicate_room_numbers_ignore_case(admin_client, home_page):
    from tests.conftest import build_building
    from tests.factories import CommunityPageFactory

    building = build_building(CommunityPageFactory(parent=home_page), number="A", floors=1)
    floor = building.get_children().get().specific
    Room.objects.filter(floor=floor, number="101").update(number="A101")
    url, data = edit_form_data(admin_client, floor)
    data[f"{room_prefix(data, '102')}-number"] = "a101"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert message("Room %(number)s is listed twice on this floor.", number="a101") in response.content.decode()


def test_removing_a_room_nothing_refers_to_is_allowed(admin_client, floor):
    url, data = edit_form_data(admin_client, floor)
    data[f"{room_prefix(data, '503')}-DELETE"] = "1"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert room_numbers(floor) == ["501", "502"]


def test_removing_a_referenced_room_is_refused(admin_client, floor):
    room = floor.grid_rooms.get(number="502")
    RoomNote.objects.create(room=room, text="报修：水龙头漏水")
    url, data = edit_form_data(admin_client, floor)
    data[f"{room_prefix(data, '502')}-DELETE"] = "1"
    data[f"{room_prefix(data, '503')}-DELETE"] = "1"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message(
        "Room %(number)s cannot be removed: %(count)d record(s) refer to it "
        "(for example %(example)s). Keep the room or resolve those first.",
        number="502",
        count=1,
        example="note on 502",
    ) in html
    # Nothing is deleted, not even the room that could have gone.
    assert room_numbers(floor) == ["501", "502", "503"]
    assert RoomNote.objects.filter(room=room).exists()


def test_protected_references_lists_what_refers_to_a_room(floor):
    room, other = floor.grid_rooms.order_by("number")[:2]
    note = RoomNote.objects.create(room=room)
    assert protected_references(room) == [note]
    assert protected_references(other) == []


@pytest.mark.parametrize("level", ["floor", "building", "community"])
def test_deleting_a_page_with_a_referenced_room_is_refused(admin_client, campus, floor, level):
    RoomNote.objects.create(room=floor.grid_rooms.get(number="501"))
    page = {"floor": floor, "building": campus["x3"], "community": campus["xiangyuan"]}[level]
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    with override(settings.LANGUAGE_CODE):
        expected = gettext(
            "“%(page)s” cannot be deleted: room %(room)s is still referred to by other records."
        ) % {"page": page.title, "room": "501"}
    assert expected in messages
    assert FloorPage.objects.filter(pk=floor.pk).exists()
    assert room_numbers(floor) == ["501", "502", "503"]


def test_deleting_a_floor_whose_rooms_are_free_is_allowed(admin_client, campus, floor):
    other_floor = campus["x3"].get_children().get(slug="f4")
    RoomNote.objects.create(room=Room.objects.get(floor=other_floor, number="401"))
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[floor.pk]))
    assert response.status_code == 302
    assert not FloorPage.objects.filter(pk=floor.pk).exists()
    assert not Room.objects.filter(floor_id=floor.pk).exists()
