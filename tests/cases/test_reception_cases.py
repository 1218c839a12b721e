"""A matter raised at a reception day (接待日) recorded as a case from the booking, through the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from grid_pages.cases.models import Case, CaseEvent, CaseStatus
from tests.reception.factories import BookingFactory, ReceptionPageFactory, ReceptionSessionFactory

from .conftest import room_of


@pytest.fixture
def booking(campus):
    page = ReceptionPageFactory(parent=campus["home"], title="院级领导接待日", slug="reception")
    session = ReceptionSessionFactory(page=page, capacity=3, leader_name="王院长")
    return BookingFactory(session=session, name="赵同学", room="庠园3栋502", topic="宿舍热水器经常没热水")


@pytest.fixture
def office(users):
    user = users["office"]
    user.user_permissions.add(Permission.objects.get(content_type__app_label="grid_reception", codename="view_booking"))
    return user


def bookings_url(booking):
    return reverse("grid_reception_admin:session_bookings", args=[booking.session_id])


def record_url(booking):
    return reverse("grid_cases_reception:record", args=[booking.pk])


def test_office_records_a_case_from_a_booking(client, office, booking, campus, matters):
    client.force_login(office)
    listing = client.get(bookings_url(booking)).content.decode()
    assert record_url(booking) in listing

    form = client.get(record_url(booking))
    assert form.status_code == 200
    prefilled = form.context["form"].initial
    assert prefilled["building"] == campus["x3"].pk and prefilled["room"] == "502"
    assert prefilled["description"] == "宿舍热水器经常没热水" and prefilled["contact_name"] == "赵同学"

    water = matters[("repair", "水")]
    response = client.post(
        record_url(booking),
        {"category": water.pk, "building": campus["x3"].pk, "room": "502", "description": "宿舍热水器经常没热水",
         "contact_name": "赵同学", "phone": "13800001111"},
    )
    case = Case.objects.get(origin=f"grid_reception.booking:{booking.pk}")
    assert response.status_code == 302 and response["Location"] == reverse("grid_cases_queue:detail", args=[case.pk])
    assert (case.kind, case.category, case.room, case.status) == ("repair", water, room_of(campus["x3"], "502"), CaseStatus.NEW)
    assert case.handling_node_id == campus["x3"].pk and case.phone == "13800001111"
    submitted = case.events.get(action=CaseEvent.Action.SUBMITTED)
    assert booking.display_code in submitted.text and "王院长" in submitted.text and submitted.public
    assert submitted.who == office.get_username()

    listing = client.get(bookings_url(booking)).content.decode()
    assert case.display_code in listing
    assert reverse("grid_cases_queue:detail", args=[case.pk]) in listing
    detail = client.get(reverse("grid_cases_queue:detail", args=[case.pk])).content.decode()
    assert booking.display_code in detail


def test_wrong_room_is_refused_with_the_form(client, office, booking, campus, matters):
    client.force_login(office)
    response = client.post(
        record_url(booking),
        {"category": matters[("repair", "水")].pk, "building": campus["x5"].pk, "room": "502", "description": "x"},
    )
    assert response.status_code == 200 and "502" in response.content.decode()
    assert not Case.objects.exists()


def test_who_may_not_record(client, users, booking):
    # A building head works the queue but does not see reception bookings; a reception clerk the reverse.
    client.force_login(users["building_head"])
    assert client.get(record_url(booking)).status_code in (302, 403)
    clerk = users["nobody"]
    clerk.user_permissions.add(Permission.objects.get(content_type__app_label="grid_reception", codename="view_booking"))
    client.force_login(clerk)
    assert client.get(record_url(booking)).status_code in (302, 403)
    listing = client.get(bookings_url(booking)).content.decode()
    assert record_url(booking) not in listing and booking.display_code in listing
