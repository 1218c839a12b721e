"""Booking and cancelling through HTTP."""

import pytest
from django.urls import reverse

from grid_pages.reception.models import CODE_ALPHABET, Booking
from tests.reception.factories import BookingFactory, ReceptionSessionFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {"name": "李明", "student_number": "2024000001", "room": "庠园3栋502", "topic": "想了解转专业政策"}
    data.update(overrides)
    return data


def book_url(session):
    return reverse("grid_reception:book", args=[session.pk])


def test_book_a_place_and_cancel_it(client, place_session):
    page = client.get(book_url(place_session))
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in page.content.decode()

    response = client.post(book_url(place_session), form_data())
    assert response.status_code == 200
    booking = Booking.objects.get(session=place_session)
    assert len(booking.code) == 8 and set(booking.code) <= set(CODE_ALPHABET)
    # Shown grouped as case codes are (ABCD-EFGH).
    assert f'<p class="reception-code">{booking.code[:4]}-{booking.code[4:]}</p>' in response.content.decode()
    assert (booking.name, booking.student_number, booking.room) == ("李明", "2024000001", "庠园3栋502")

    # Wrong student number: refused, still booked.
    refused = client.post(reverse("grid_reception:cancel"), {"code": booking.code, "student_number": "2024999999"})
    assert "No active booking matches" in refused.content.decode() or "没有" in refused.content.decode()
    booking.refresh_from_db()
    assert booking.is_active

    # Lower case with spaces, as read aloud.
    spoken = " ".join([booking.code[:4].lower(), booking.code[4:].lower()])
    cancelled = client.post(reverse("grid_reception:cancel"), {"code": spoken, "student_number": "2024000001"})
    assert cancelled.status_code == 200
    booking.refresh_from_db()
    assert booking.cancelled_at is not None
    # The row stays: history is kept.
    assert Booking.objects.filter(session=place_session).count() == 1


def test_full_session_says_so_and_offers_other_sessions(client, place_session, reception_page):
    other = ReceptionSessionFactory(page=reception_page, leader_name="赵书记", capacity=2)
    for _ in range(3):
        BookingFactory(session=place_session)
    page = client.get(book_url(place_session))
    html = page.content.decode()
    assert "已满" in html
    assert "赵书记" in html and book_url(other) in html
    response = client.post(book_url(place_session), form_data())
    assert response.status_code == 409
    assert Booking.objects.filter(session=place_session).count() == 3


def test_cancel_frees_a_place(client, place_session):
    bookings = [BookingFactory(session=place_session) for _ in range(3)]
    # A student number no factory row can have, whatever the sequence has reached.
    newcomer = form_data(student_number="2099000001")
    assert client.post(book_url(place_session), newcomer).status_code == 409
    client.post(
        # The code as the confirmation page shows it, dash included.
        reverse("grid_reception:cancel"),
        {"code": bookings[0].display_code, "student_number": bookings[0].student_number},
    )
    assert client.post(book_url(place_session), newcomer).status_code == 200
    assert Booking.objects.active().filter(session=place_session).count() == 3


def test_same_student_cannot_book_twice(client, place_session):
    assert client.post(book_url(place_session), form_data()).status_code == 200
    again = client.post(book_url(place_session), form_data(name="李明明"))
    assert again.status_code == 409
    assert "2024000001" in again.content.decode()
    assert Booking.objects.filter(session=place_session).count() == 1


def test_slots_are_derived_and_a_taken_slot_offers_the_free_ones(client, slot_session):
    slots = list(slot_session.slots.order_by("starts"))
    assert [str(s) for s in slots] == ["14:00–14:15", "14:15–14:30", "14:30–14:45", "14:45–15:00"]
    first = client.post(book_url(slot_session), form_data(slot=slots[0].pk))
    assert first.status_code == 200
    assert Booking.objects.get(session=slot_session).slot == slots[0]

    taken = client.post(book_url(slot_session), form_data(slot=slots[0].pk, student_number="2024000002"))
    html = taken.content.decode()
    assert "14:15–14:30" in html and 'value="%d"' % slots[1].pk in html
    assert 'value="%d"' % slots[0].pk not in html
    assert Booking.objects.filter(session=slot_session).count() == 1

    # The form asks for a slot.
    missing = client.post(book_url(slot_session), form_data(student_number="2024000003"))
    assert missing.status_code == 200 and Booking.objects.filter(session=slot_session).count() == 1


def test_slot_race_is_refused_by_the_service(slot_session):
    from grid_pages.reception import services

    slot = slot_session.slots.order_by("starts").first()
    services.book(slot_session, slot, **{**form_data(), "student_number": "20240001"})
    with pytest.raises(services.SlotTaken) as refused:
        services.book(slot_session, slot, **{**form_data(), "student_number": "20240002"})
    assert len(refused.value.alternatives) == 3


def test_bad_input_keeps_what_was_typed(client, place_session):
    response = client.post(
        book_url(place_session), form_data(student_number="12", room="x" * 31, topic="我想谈谈食堂")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "我想谈谈食堂" in html and "李明" in html
    assert "4" in html and "20" in html  # the student-number rule
    assert not Booking.objects.exists()


def test_hostile_text_is_escaped(client, place_session, admin_client):
    hostile = '<script>alert("x")</script>'
    response = client.post(book_url(place_session), form_data(name=hostile, topic=hostile))
    assert hostile not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()
    admin_page = admin_client.get(reverse("grid_reception_admin:session_bookings", args=[place_session.pk]))
    assert hostile not in admin_page.content.decode()


def test_past_session_cannot_be_booked(client, reception_page):
    import datetime

    past = ReceptionSessionFactory(page=reception_page, date=datetime.date(2020, 1, 6))
    response = client.get(book_url(past))
    assert "csrfmiddlewaretoken" not in response.content.decode()
    client.post(book_url(past), form_data())
    assert not Booking.objects.exists()


def test_english_form(client, place_session):
    url = book_url(place_session)
    assert "学号" in client.get(url).content.decode()
    assert "Student number" in client.get("/en" + url).content.decode()


def test_chinese_labels_end_in_chinese_punctuation(client, place_session):
    """A label ending in ？ or 。 gets no colon; the others a full-width one, never "？:"."""
    from django.utils.translation import override

    with override("zh-hans"):  # the Chinese page, whatever an earlier test left active
        url = book_url(place_session)
    html = client.get(url).content.decode()
    assert "想反映或咨询什么？</label>" in html
    assert "姓名：</label>" in html and "学号：</label>" in html
    for mixed in ("？:", "。:", "！:", "）:", "：:"):
        assert mixed not in html
