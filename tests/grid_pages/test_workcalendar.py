"""Deadline arithmetic in working time across China's holidays, 调休 and a year the library does not know."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from grid_pages import checks, workcalendar
from grid_pages.models import CalendarDay, CalendarDayKind

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def at(*args):
    return dt.datetime(*args, tzinfo=SH)


def test_three_working_days_skip_national_day_and_count_the_make_up_saturday():
    # 10-01..10-07 are the holiday; Saturday 10-10 is a make-up working day (调休).
    assert workcalendar.add_working_days(at(2026, 9, 30, 10), 1) == at(2026, 10, 8, 10)
    assert workcalendar.add_working_days(at(2026, 9, 30, 10), 3) == at(2026, 10, 10, 10)
    assert workcalendar.is_working_day(dt.date(2026, 10, 10)) and not workcalendar.is_working_day(dt.date(2026, 10, 11))


def test_spring_festival_2026():
    # Holiday 02-15..02-23; Saturdays 02-14 and 02-28 are make-up working days.
    assert workcalendar.add_working_days(at(2026, 2, 13, 9), 1) == at(2026, 2, 14, 9)
    assert workcalendar.add_working_days(at(2026, 2, 14, 9), 1) == at(2026, 2, 24, 9)
    assert workcalendar.working_days_between(dt.date(2026, 2, 13), dt.date(2026, 2, 28)) == 6


def test_outside_office_hours_means_by_the_end_of_the_next_working_day():
    # 22:00 on the last working day before National Day: within 1 working day = 10-08 17:30.
    assert workcalendar.add_working_days(at(2026, 9, 30, 22), 1) == at(2026, 10, 8, 17, 30)
    assert workcalendar.add_working_hours(at(2026, 9, 30, 17), 2) == at(2026, 10, 8, 9, 30)
    # Aware datetimes in UTC come back as the same instant.
    utc = at(2026, 9, 30, 10).astimezone(dt.timezone.utc)
    assert workcalendar.add_working_days(utc, 3) == at(2026, 10, 10, 10)


def test_year_end_into_an_unknown_year_falls_back_to_weekends_and_honours_entered_holidays():
    assert not workcalendar.library_knows(2027)
    # 2026-12-31 is a Thursday: Friday 01-01 counts as a weekday until a holiday is entered.
    assert workcalendar.add_working_days(at(2026, 12, 31, 10), 2) == at(2027, 1, 4, 10)
    CalendarDay.objects.create(date=dt.date(2027, 1, 1), kind=CalendarDayKind.HOLIDAY, note="元旦")
    assert workcalendar.add_working_days(at(2026, 12, 31, 10), 2) == at(2027, 1, 5, 10)
    CalendarDay.objects.create(date=dt.date(2027, 1, 2), kind=CalendarDayKind.WORKDAY, note="调休")
    assert workcalendar.add_working_days(at(2026, 12, 31, 10), 2) == at(2027, 1, 4, 10)


def test_closures_stop_the_clock_only_when_asked():
    CalendarDay.objects.create(
        date=dt.date(2027, 1, 18), end_date=dt.date(2027, 2, 26), kind=CalendarDayKind.CLOSURE, note="寒假"
    )
    start = at(2027, 1, 15, 10)  # a Friday
    assert workcalendar.add_working_days(start, 1, closures=False) == at(2027, 1, 18, 10)
    assert workcalendar.add_working_days(start, 1, closures=True) == at(2027, 3, 1, 10)


@translation.override("en")
def test_working_time_between_and_the_time_left_text():
    calendar = workcalendar.WorkCalendar()
    due = at(2026, 10, 10, 10)
    assert calendar.working_time_between(at(2026, 9, 30, 10), due) == workcalendar.workday_length() * 3
    assert calendar.time_left(due, at(2026, 9, 30, 10)) == "3 working days left"
    assert calendar.time_left(due, at(2026, 10, 10, 7)) == "2 working hours left"
    assert calendar.time_left(due, at(2026, 10, 12, 11)) == "overdue by 1 working day"
    assert workcalendar.subtract_working_hours(at(2026, 10, 8, 10), 4) == at(2026, 9, 30, 15, 30)


def test_missing_schedule_years_and_the_system_check(monkeypatch):
    assert workcalendar.missing_schedule_years(dt.date(2026, 11, 30)) == []
    assert workcalendar.missing_schedule_years(dt.date(2026, 12, 1)) == [2027]
    assert workcalendar.missing_schedule_years(dt.date(2027, 3, 1)) == [2027]
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 1))
    assert [w.id for w in checks.check_working_calendar(None, databases=["default"])] == ["grid_pages.W001"]
    assert checks.check_working_calendar(None) == []  # a database check: not without a database
    CalendarDay.objects.create(date=dt.date(2027, 2, 6), end_date=dt.date(2027, 2, 14), kind=CalendarDayKind.HOLIDAY)
    assert workcalendar.missing_schedule_years(dt.date(2026, 12, 1)) == []
    assert checks.check_working_calendar(None, databases=["default"]) == []


def test_the_office_enters_a_vacation_as_one_range(admin_client):
    add = reverse("wagtailsnippets_grid_pages_calendarday:add")
    response = admin_client.post(
        add, {"date": "2027-07-05", "end_date": "2027-08-29", "kind": "closure", "note": "暑假"}
    )
    assert response.status_code == 302
    entry = CalendarDay.objects.get()
    assert (entry.date, entry.end_date) == (dt.date(2027, 7, 5), dt.date(2027, 8, 29))
    assert not workcalendar.is_working_day(dt.date(2027, 8, 2))
    assert workcalendar.is_working_day(dt.date(2027, 8, 2), closures=False)
    bad = admin_client.post(add, {"date": "2027-07-05", "end_date": "2027-07-01", "kind": "closure"})
    assert bad.status_code == 200 and CalendarDay.objects.count() == 1
