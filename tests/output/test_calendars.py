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
    assert booking.code in event.description.value
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
