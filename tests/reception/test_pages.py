"""The reception page, the home section and the calendar feed."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import Page

from grid_pages.reception.models import ReceptionPage
from tests.reception.factories import BookingFactory, ReceptionPageFactory, ReceptionSessionFactory

pytestmark = pytest.mark.django_db


def test_page_lists_upcoming_and_archives_past_without_a_csrf_token(client, reception_page, place_session):
    ReceptionSessionFactory(page=reception_page, leader_name="往期领导", date=datetime.date(2021, 3, 1))
    BookingFactory(session=place_session)
    response = client.get(reception_page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert place_session.leader_name in html
    assert reverse("grid_reception:book", args=[place_session.pk]) in html
    assert "剩余 2 个名额" in html
    assert "往期接待" in html and "往期领导" in html
    assert reverse("grid_reception:sessions_ics", args=[reception_page.pk]) in html
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies
    assert not response.cookies.get("sessionid")


def test_page_can_be_created_under_campus_and_community_only(campus):
    assert ReceptionPage.can_create_at(campus["home"])
    assert ReceptionPage.can_create_at(campus["xiangyuan"])
    assert not ReceptionPage.can_create_at(campus["x3"])
    assert not ReceptionPage.can_create_at(Page.get_first_root_node())


def add_sessions(page, count):
    for i in range(count):
        session = ReceptionSessionFactory(page=page, leader_name=f"领导{i}")
        BookingFactory(session=session)
        ReceptionSessionFactory(
            page=page, capacity=None, slot_minutes=15, leader_name=f"时段{i}", date=datetime.date(2021, 1, 4)
        )


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_listing_queries_do_not_grow_with_sessions(client, reception_page):
    add_sessions(reception_page, 1)
    client.get(reception_page.url)  # warm the site-root cache
    small = count_queries(client, reception_page.url)
    add_sessions(reception_page, 10)
    client.get(reception_page.url)  # what is read once per change (the site's live pages) is not what is pinned
    assert count_queries(client, reception_page.url) == small <= 15
    home_url = reception_page.get_parent().url
    client.get(home_url)  # warm: what is read once per change (rankings) is not what is pinned
    home_small = count_queries(client, home_url)
    add_sessions(ReceptionPageFactory(parent=reception_page.get_parent()), 10)
    client.get(home_url)
    assert count_queries(client, home_url) == home_small <= 20


def test_home_and_community_show_the_next_sessions(client, campus, reception_page, place_session):
    community_page = ReceptionPageFactory(parent=campus["xiangyuan"], title="庠园接待日", slug="xy-reception")
    community_session = ReceptionSessionFactory(page=community_page, leader_name="社区站长")
    ReceptionSessionFactory(page=reception_page, leader_name="往期领导", date=datetime.date(2021, 3, 1))
    home = client.get(campus["home"].url).content.decode()
    assert "院级领导接待日" in home
    assert place_session.leader_name in home and "社区站长" in home
    assert "往期领导" not in home
    assert "csrfmiddlewaretoken" not in home
    community = client.get(campus["xiangyuan"].url).content.decode()
    assert "社区站长" in community and place_session.leader_name not in community
    assert community_session.leader_name not in client.get(campus["qinyuan"].url).content.decode()
    # Buildings and floors get no section.
    assert "院级领导接待日" not in client.get(campus["x3"].url).content.decode()


def test_ics_feed_has_beijing_times_and_stable_uids(client, reception_page, place_session):
    url = reverse("grid_reception:sessions_ics", args=[reception_page.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert start == datetime.datetime.combine(place_session.date, datetime.time(14, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
    assert start.utcoffset() == datetime.timedelta(hours=8)
    assert "TZID=Asia/Shanghai" in response.content.decode()
    assert str(events[0]["location"]) == place_session.place
    assert calendar.walk("VTIMEZONE")
    again = Calendar.from_ical(client.get(url).content).walk("VEVENT")[0]
    assert str(again["uid"]) == str(events[0]["uid"])


def test_ics_of_a_draft_page_is_not_found(client, reception_page):
    reception_page.unpublish()
    assert client.get(reverse("grid_reception:sessions_ics", args=[reception_page.pk])).status_code == 404
