"""Session rules, slot derivation, and editing sessions in the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from grid_pages.reception import services
from grid_pages.reception.models import Booking, ReceptionSession
from tests.reception.factories import BookingFactory, ReceptionSessionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"capacity": 5, "slot_minutes": 15}, "capacity"),
        ({"capacity": None, "slot_minutes": None}, "capacity"),
        ({"end_time": datetime.time(13, 0)}, "end_time"),
        ({"capacity": None, "slot_minutes": 180}, "slot_minutes"),
        ({"leader_name": ""}, "leader_name"),
    ],
)
def test_invalid_sessions_are_refused(reception_page, changes, field):
    session = ReceptionSessionFactory.build(page=reception_page, **changes)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert field in error.value.message_dict


def test_slots_follow_the_session_but_booked_ones_stay(slot_session):
    first = slot_session.slots.order_by("starts").first()
    services.book(slot_session, first, name="李明", student_number="20240001", room="3栋502", topic="奖学金")
    slot_session.slot_minutes = 20
    slot_session.save()
    starts = [s.starts.strftime("%H:%M") for s in slot_session.slots.order_by("starts")]
    # 14:00 is kept (booked, and still planned); 14:20 and 14:40 are new; unbooked 15-minute slots are gone.
    assert starts == ["14:00", "14:20", "14:40"]
    assert Booking.objects.get().slot_id == first.pk
    assert str(slot_session.slots.get(starts=datetime.time(14, 0))) == "14:00–14:20"


NO_TRANSLATIONS = {"translations-TOTAL_FORMS": "0", "translations-INITIAL_FORMS": "0"}


def test_admin_creates_a_slotted_session(admin_client, reception_page):
    from wagtail.models import Locale

    english = Locale.objects.get_or_create(language_code="en")[0]
    url = reverse("wagtailsnippets_grid_reception_receptionsession:add")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "page": reception_page.pk,
            "leader": "",
            "leader_name": "刘慧敏",
            "leader_position": "经济学院副院长",
            "date": "2030-05-06",
            "start_time": "09:00",
            "end_time": "10:00",
            "place": "学生事务中心201",
            "topics": "考研保研",
            "capacity": "",
            "slot_minutes": "20",
            # The texts in English, in the session's "Translations" panel.
            "translations-TOTAL_FORMS": "1",
            "translations-INITIAL_FORMS": "0",
            "translations-0-locale": str(english.pk),
            "translations-0-leader_position": "Deputy Dean, School of Economics",
            "translations-0-place": "Student Affairs Centre, room 201",
            "translations-0-topics": "",
            "translations-0-id": "",
            "translations-0-DELETE": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session = ReceptionSession.objects.get(leader_name="刘慧敏")
    assert session.slots.count() == 3
    assert session.translations.get(locale=english).place == "Student Affairs Centre, room 201"


def test_admin_refuses_both_places_and_slots(admin_client, reception_page):
    response = admin_client.post(
        reverse("wagtailsnippets_grid_reception_receptionsession:add"),
        {
            "page": reception_page.pk,
            "leader_name": "刘慧敏",
            "date": "2030-05-06",
            "start_time": "09:00",
            "end_time": "10:00",
            "place": "学生事务中心201",
            "capacity": "5",
            "slot_minutes": "20",
            **NO_TRANSLATIONS,
        },
    )
    assert response.status_code == 200
    assert not ReceptionSession.objects.exists()


def test_a_page_with_bookings_is_not_deleted(admin_client, reception_page, place_session):
    BookingFactory(session=place_session)
    response = admin_client.post(reverse("wagtailadmin_pages:delete", args=[reception_page.pk]))
    assert response.status_code == 302
    assert ReceptionSession.objects.filter(pk=place_session.pk).exists()


def test_a_session_with_bookings_is_not_deleted(admin_client, place_session):
    BookingFactory(session=place_session)
    url = reverse("wagtailsnippets_grid_reception_receptionsession:delete", args=[place_session.pk])
    response = admin_client.post(url)
    assert response.status_code in (200, 302)
    assert ReceptionSession.objects.filter(pk=place_session.pk).exists()
