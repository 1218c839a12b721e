"""Plaques in the admin: the one-active-plaque rule, the room snapshot, and rooms that keep their plaques."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override
from wagtail.test.utils.form_data import querydict_from_html

from grid_pages.models import Room
from grid_pages.plaques.models import Plaque

from .conftest import room
from .factories import PlaqueFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("wagtailsnippets_grid_plaques_plaque:add")


def add_form_data(client, target, **fields):
    response = client.get(ADD_URL)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_index=_form_index(response.content.decode()))
    data.update(
        {
            "room": str(target.pk),
            "kind": "dorm",
            "since": "2025-09-01",
            "withdrawn_on": "",
            "commitment": "宿舍整洁，学习互助。",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-0-name": "李明",
            "members-0-status": "full",
            "members-0-ORDER": "1",
            "members-0-id": "",
            "members-0-DELETE": "",
        }
    )
    for key, value in fields.items():
        data[key] = value
    return data


def _form_index(html):
    # The snippet form is the one posting to the add URL.
    import re

    forms = re.findall(r"<form\b[^>]*>", html)
    return next(i for i, f in enumerate(forms) if f'action="{ADD_URL}"' in f)


def test_a_plaque_is_created_with_members_and_a_room_snapshot(admin_client, campus):
    target = room(campus, "x3", 5, "502")
    response = admin_client.post(ADD_URL, add_form_data(admin_client, target))
    assert response.status_code == 302, response.content.decode()[:2000]
    plaque = Plaque.objects.get()
    assert plaque.room_label == "庠园社区 · 庠园3栋 · 502"
    assert [m.name for m in plaque.members.all()] == ["李明"]
    # The snapshot keeps the label when the room is renumbered later.
    Room.objects.filter(pk=target.pk).update(number="502A")
    plaque.refresh_from_db()
    plaque.commitment = "新承诺"
    plaque.save()
    assert plaque.room_label == "庠园社区 · 庠园3栋 · 502"


def test_room_choices_name_building_and_floor(admin_client, campus):
    html = admin_client.get(ADD_URL).content.decode()
    assert "庠园3栋 · 5层 · 502" in html and "沁园3栋 · 1层 · 101" in html


def test_a_second_active_plaque_on_a_room_is_refused(admin_client, campus, plaques):
    target = plaques["x3_502"].room
    response = admin_client.post(ADD_URL, add_form_data(admin_client, target))
    assert response.status_code == 200
    with override(settings.LANGUAGE_CODE):
        expected = gettext(
            "Room %(room)s already has an active plaque (%(kind)s since %(since)s). "
            "Enter the date it was withdrawn before putting up a new one."
        ) % {"room": "庠园社区 · 庠园3栋 · 502", "kind": "党员示范宿舍", "since": "2024-09-01"}
    assert escape(expected) in response.content.decode()
    assert Plaque.objects.filter(room=target).count() == 1
    # A withdrawn plaque does not count; nor does a new plaque entered as already withdrawn.
    response = admin_client.post(
        ADD_URL, add_form_data(admin_client, target, since="2020-09-01", withdrawn_on="2021-07-01")
    )
    assert response.status_code == 302
    old = room(campus, "x3", 5, "503")  # carries a withdrawn plaque only
    assert admin_client.post(ADD_URL, add_form_data(admin_client, old)).status_code == 302
    assert Plaque.objects.active().filter(room=old).count() == 1


def test_withdrawal_cannot_precede_the_plaque(admin_client, campus):
    target = room(campus, "x3", 5, "501")
    response = admin_client.post(ADD_URL, add_form_data(admin_client, target, withdrawn_on="2025-01-01"))
    assert response.status_code == 200
    assert not Plaque.objects.exists()


def test_database_refuses_two_active_plaques(campus, plaques):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        PlaqueFactory(room=plaques["x3_502"].room)


def test_removing_a_room_with_a_plaque_in_the_floor_editor_is_refused(admin_client, campus, plaques):
    floor = campus["x3"].get_children().get(slug="f5").specific
    url = reverse("wagtailadmin_pages:edit", args=[floor.pk])
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="page-edit-form")
    data["action-publish"] = "action-publish"
    prefix = next(k.removesuffix("-number") for k, v in data.items() if k.endswith("-number") and v == "502")
    data[f"{prefix}-DELETE"] = "1"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    with override(settings.LANGUAGE_CODE):
        expected = gettext(
            "Room %(number)s cannot be removed: %(count)d record(s) refer to it "
            "(for example %(example)s). Keep the room or resolve those first."
        ) % {"number": "502", "count": 1, "example": str(plaques["x3_502"])}
    assert escape(expected) in response.content.decode()
    assert Room.objects.filter(pk=plaques["x3_502"].room_id).exists()


def test_listing_offers_a_print_button(admin_client, plaques):
    html = admin_client.get(reverse("wagtailsnippets_grid_plaques_plaque:list")).content.decode()
    assert f"/grid/plaques/{plaques['x3_502'].pk}/print/" in html
    assert f"/grid/plaques/{plaques['old'].pk}/print/" not in html
