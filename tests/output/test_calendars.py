"""Reception .ics files read back by an independent parser (vobject): stable UIDs on a fixed domain
whatever the request's host, and a booking's own file from its confirmation page."""

import datetime
import re

import vobject
from django.urls import reverse

from grid_pages.reception.models import Booking
from tests.reception.factories import ReceptionSessionFactory

SHANGHAI = datetime.timedelta(hours=8)


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = vobject.readOne(response.content.decode())
    return calendar.vevent_list


def test_session_uids_come_from_the_configured_domain_not_the_request_host(client, settings, reception_page, place_session):
    settings.GRID_PAGES_CALENDAR_DOMAIN = "community.example.edu.cn"
    url = reverse("grid_reception:sessions_ics", args=[reception_page.pk])
    one = events(client.get(url, HTTP_HOST="127.0.0.1"))
    other = events(client.get(url, HTTP_HOST="localhost"))
    assert [e.uid.value for e in one] == [e.uid.value for e in other] == [f"reception-session-{place_session.pk}@community.example.edu.cn"]
    assert one[0].dtstart.value.utcoffset() == SHANGHAI


def test_without_a_domain_the_uid_uses_the_site_record(client, settings, reception_page, place_session):
    settings.GRID_PAGES_CALENDAR_DOMAIN = ""
    url = reverse("grid_reception:sessions_ics", args=[reception_page.pk])
    assert events(client.get(url, HTTP_HOST="127.0.0.1"))[0].uid.value.endswith("@localhost")


def book(client, session, **extra):
    data = {"name": "李明", "student_number": "2024000001", "room": "庠园3栋502", "topic": "想了解转专业政策", **extra}
    response = client.post(reverse("grid_reception:book", args=[session.pk]), data)
    assert response.status_code == 200
    link = re.search(r'href="(/grid/reception/booking/[^"]+\.ics)"', response.content.decode()).group(1)
    return Booking.objects.latest("pk"), link


def test_a_booking_has_its_own_calendar_file(client, settings, place_session):
    settings.GRID_PAGES_CALENDAR_DOMAIN = "community.example.edu.cn"
    booking, link = book(client, place_session)
    [event] = events(client.get(link))
    assert event.uid.value == f"reception-booking-{booking.pk}@community.example.edu.cn"
    assert event.dtstart.value == place_session.starts_at and event.dtstart.value.utcoffset() == SHANGHAI
    assert event.dtend.value == place_session.ends_at
    assert event.status.value == "CONFIRMED"
    assert booking.display_code in event.description.value
    assert event.location.value == place_session.place
    assert "李明" not in client.get(link).content.decode()  # the file travels: nothing about the student
    booking.cancelled_at = datetime.datetime.now(datetime.UTC)
    booking.save()
    [cancelled] = events(client.get(link))
    assert (cancelled.uid.value, cancelled.status.value, cancelled.sequence.value) == (event.uid.value, "CANCELLED", "1")


def test_a_slot_booking_covers_its_slot_only(client, reception_page):
    session = ReceptionSessionFactory(
        page=reception_page, capacity=None, slot_minutes=15, start_time=datetime.time(14, 0), end_time=datetime.time(15, 0)
    )
    slot = session.slots.order_by("starts")[1]
    _, link = book(client, session, slot=slot.pk)
    [event] = events(client.get(link))
    assert (event.dtstart.value.time(), event.dtend.value.time()) == (datetime.time(14, 15), datetime.time(14, 30))


def test_a_forged_booking_link_is_not_found(client, place_session):
    booking, link = book(client, place_session)
    forged = link.replace(f"/booking/{booking.pk}:", f"/booking/{booking.pk + 1}:")
    assert forged != link
    assert client.get(forged).status_code == 404


def test_the_confirmation_mail_carries_the_booking_and_its_calendar_file(
    client, settings, place_session, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.GRID_PAGES_CALENDAR_DOMAIN = "community.example.edu.cn"
    mailoutbox = mail.outbox = []  # mail.outbox itself: pytest-django's mailoutbox list is replaced once settings change
    with django_capture_on_commit_callbacks(execute=True):
        booking, link = book(client, place_session, email=" li.ming@example.edu.cn ")
    assert booking.email == "li.ming@example.edu.cn"
    [message] = mailoutbox
    assert message.to == ["li.ming@example.edu.cn"] and booking.display_code in message.subject
    assert booking.display_code in message.body and "/grid/reception/cancel/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("reception-booking.ics", "text/calendar")
    [event] = vobject.readOne(content.decode() if isinstance(content, bytes) else content).vevent_list
    assert event.uid.value == f"reception-booking-{booking.pk}@community.example.edu.cn"
    assert (event.status.value, event.dtstart.value) == ("CONFIRMED", place_session.starts_at)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grid_reception:cancel"), {"code": booking.code, "student_number": "2024000001"})
    assert response.status_code == 200
    cancelled = mailoutbox[1]
    assert booking.display_code in cancelled.subject and cancelled.to == ["li.ming@example.edu.cn"]
    [(_, content, _)] = cancelled.attachments
    [event] = vobject.readOne(content.decode() if isinstance(content, bytes) else content).vevent_list
    assert (event.uid.value, event.status.value) == (f"reception-booking-{booking.pk}@community.example.edu.cn", "CANCELLED")


def test_without_an_address_no_mail_and_a_wrong_one_is_refused(client, place_session, django_capture_on_commit_callbacks):
    from django.core import mail

    mail.outbox = []
    url = reverse("grid_reception:book", args=[place_session.pk])
    data = {"name": "李明", "student_number": "2024000001", "room": "庠园3栋502", "topic": "想了解转专业政策"}
    refused = client.post(url, {**data, "email": "not an address"})
    assert refused.status_code == 200 and not Booking.objects.exists()
    assert 'aria-invalid="true"' in refused.content.decode() or "reception-error" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        book(client, place_session)
    assert mail.outbox == []


def test_under_the_outbox_the_mail_is_stored_with_the_booking(client, settings, place_session):
    from outbox.models import OutboxMessage

    settings.EMAIL_BACKEND = "outbox.backends.OutboxBackend"
    booking, _link = book(client, place_session, email="li.ming@example.edu.cn")  # no on-commit callback run
    row = OutboxMessage.objects.get()
    assert row.recipients == "li.ming@example.edu.cn" and booking.display_code in row.subject
