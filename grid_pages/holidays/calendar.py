"""Holidays of the working calendar, to help staff pick a holiday period's dates."""

import datetime as dt
from dataclasses import dataclass

import chinese_calendar
from django.utils import translation

from grid_pages.workcalendar import WorkCalendar


@dataclass
class DaysOff:
    first: dt.date
    last: dt.date
    name: str

    @property
    def return_day(self):
        """The first working day after: when students are expected back."""
        return self.last + dt.timedelta(days=1)


def _name(day):
    try:
        _is_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # past the schedules the library ships
        return ""
    if not name:
        return ""
    holiday = next((h for h in chinese_calendar.Holiday if h.value == name), None)
    if holiday is not None and translation.get_language() and translation.get_language().startswith("zh"):
        return holiday.chinese
    return name


def upcoming_days_off(today, days=180):
    """Runs of days off in the next ``days`` that hold more than a weekend (a holiday, statutory or
    entered in the admin's working calendar), first to last; one query per year touched."""
    calendar = WorkCalendar()
    runs, current = [], None
    for offset in range(days):
        day = today + dt.timedelta(days=offset)
        if calendar.is_working_day(day):
            if current:
                runs.append(current)
            current = None
        elif current is None:
            current = [day, day]
        else:
            current[1] = day
    if current:
        runs.append(current)
    found = []
    for first, last in runs:
        span = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        if any(d.weekday() < 5 for d in span):
            found.append(DaysOff(first, last, next((n for n in map(_name, span) if n), "")))
    return found
