"""The working calendar: which days are working days, and deadlines in working days and hours.

A day is a working day unless it is a statutory holiday or a weekend; a weekend day that the
State Council names a make-up working day (调休) is one. The schedule comes from, in order:

1. the admin's ``CalendarDay`` entries: a holiday, a closure (vacation, campus event) or a
   make-up working day, for one day or a range;
2. the ``chinesecalendar`` library (statutory holidays and 调休 of the years it ships);
3. for a year the library does not know and nobody entered: Monday to Friday.

A holiday entry wins over a closure, a closure over a make-up day. Closures count only when
asked (``closures=True``): a matter decides whether vacation stops its clock (a repair in the
summer vacation still needs an answer; a suggestion about teaching can wait for the term).

Working time is the office hours of a working day (``GRID_PAGES_WORKDAY_START`` to
``GRID_PAGES_WORKDAY_END`` in ``GRID_PAGES_WORK_TIME_ZONE``, 08:00–17:30 Asia/Shanghai by
default). A working day is that length of working time, so "within 1 working day" from 10:00
is 10:00 of the next working day, and from outside office hours (22:00 on a Friday before a
holiday) it is the end of the first working day after it (17:30). All functions take and
return aware datetimes; ``now`` is always the caller's.
"""

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import chinese_calendar
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import conf

# A deadline further away than this is a configuration error, not a date.
MAX_SPAN_DAYS = 3660


@lru_cache(maxsize=None)
def library_knows(year):
    """Whether the pinned ``chinesecalendar`` ships the statutory schedule of ``year``."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _time(text):
    hours, minutes = str(text).split(":")
    return dt.time(int(hours), int(minutes))


def office_hours():
    """(start, end, time zone) of a working day, from the settings."""
    return _time(conf.get("WORKDAY_START")), _time(conf.get("WORKDAY_END")), ZoneInfo(conf.get("WORK_TIME_ZONE"))


def workday_length():
    start, end, _tz = office_hours()
    return dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start)


class WorkCalendar:
    """The calendar for one computation or one request: the admin's entries are read once per
    year touched (one query), so listing many deadlines costs no query per row."""

    def __init__(self, closures=True):
        self.closures = closures
        self.start, self.end, self.tz = office_hours()
        self._years = {}
        self._working = {}  # day -> bool: a queue lists many deadlines over the same days

    def _entries(self, year):
        if year not in self._years:
            from .models import CalendarDay

            days = {}
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
            rows = CalendarDay.objects.filter(date__lte=last).exclude(date__lt=first, end_date__isnull=True)
            rows = rows.exclude(end_date__lt=first).values_list("date", "end_date", "kind")
            for start, end, kind in rows:
                day = max(start, first)
                while day <= min(end or start, last):
                    days.setdefault(day, set()).add(kind)
                    day += dt.timedelta(days=1)
            self._years[year] = days
        return self._years[year]

    def is_working_day(self, day):
        working = self._working.get(day)
        if working is None:
            working = self._working[day] = self._is_working_day(day)
        return working

    def _is_working_day(self, day):
        from .models import CalendarDayKind

        kinds = self._entries(day.year).get(day, ())
        if CalendarDayKind.HOLIDAY in kinds:
            return False
        if self.closures and CalendarDayKind.CLOSURE in kinds:
            return False
        if CalendarDayKind.WORKDAY in kinds:
            return True
        if library_knows(day.year):
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def _bounds(self, day):
        return (
            dt.datetime.combine(day, self.start, tzinfo=self.tz),
            dt.datetime.combine(day, self.end, tzinfo=self.tz),
        )

    def add(self, start, amount):
        """``start`` plus ``amount`` (a timedelta) of working time."""
        if amount <= dt.timedelta(0):
            return start
        cursor = start.astimezone(self.tz)
        day = cursor.date()
        remaining = amount
        for _i in range(MAX_SPAN_DAYS):
            if self.is_working_day(day):
                opens, closes = self._bounds(day)
                begin = max(cursor, opens)
                if begin < closes:
                    if remaining <= closes - begin:
                        return begin + remaining
                    remaining -= closes - begin
            day += dt.timedelta(days=1)
            cursor = self._bounds(day)[0]
        raise ValueError("No working time within ten years: check the working calendar.")

    def subtract(self, end, amount):
        """The moment ``amount`` of working time before ``end``."""
        if amount <= dt.timedelta(0):
            return end
        cursor = end.astimezone(self.tz)
        day = cursor.date()
        remaining = amount
        for _i in range(MAX_SPAN_DAYS):
            if self.is_working_day(day):
                opens, closes = self._bounds(day)
                finish = min(cursor, closes)
                if finish > opens:
                    if remaining <= finish - opens:
                        return finish - remaining
                    remaining -= finish - opens
            day -= dt.timedelta(days=1)
            cursor = self._bounds(day)[1]
        raise ValueError("No working time within ten years: check the working calendar.")

    def add_working_days(self, start, n):
        return self.add(start, workday_length() * n)

    def add_working_hours(self, start, n):
        return self.add(start, dt.timedelta(hours=n))

    def working_time_between(self, start, end):
        """Working time from ``start`` to ``end`` (negative when ``end`` is earlier)."""
        if end < start:
            return -self.working_time_between(end, start)
        start, end = start.astimezone(self.tz), end.astimezone(self.tz)
        total = dt.timedelta(0)
        day = start.date()
        while day <= end.date():
            if self.is_working_day(day):
                opens, closes = self._bounds(day)
                overlap = min(end, closes) - max(start, opens)
                if overlap > dt.timedelta(0):
                    total += overlap
            day += dt.timedelta(days=1)
        return total

    def working_days_between(self, first, last):
        """Working days after the date ``first`` up to and including the date ``last``."""
        count, day = 0, first + dt.timedelta(days=1)
        while day <= last:
            count += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return count

    def time_left(self, due, now):
        """The deadline as the people waiting for it read it: "2 working days left",
        "3 working hours left", "overdue by 1 working day"."""
        span = self.working_time_between(now, due)
        overdue = due < now
        span = abs(span)
        day = workday_length()
        if span >= day:
            n = span // day
            amount = ngettext("%(n)d working day", "%(n)d working days", n) % {"n": n}
        elif span >= dt.timedelta(hours=1):
            n = span // dt.timedelta(hours=1)
            amount = ngettext("%(n)d working hour", "%(n)d working hours", n) % {"n": n}
        else:
            return _("Overdue") if overdue else _("less than a working hour left")
        if overdue:
            return _("overdue by %(time)s") % {"time": amount}
        return _("%(time)s left") % {"time": amount}


def is_working_day(day, closures=True):
    return WorkCalendar(closures).is_working_day(day)


def add_working_days(start, n, closures=True):
    """``start`` plus ``n`` working days (each the length of the office hours)."""
    return WorkCalendar(closures).add_working_days(start, n)


def add_working_hours(start, n, closures=True):
    """``start`` plus ``n`` hours of office time."""
    return WorkCalendar(closures).add_working_hours(start, n)


def subtract_working_hours(end, n, closures=True):
    return WorkCalendar(closures).subtract(end, dt.timedelta(hours=n))


def working_days_between(first, last, closures=True):
    """Working days after the date ``first`` up to and including the date ``last``."""
    return WorkCalendar(closures).working_days_between(first, last)


def working_time_between(start, end, closures=True):
    return WorkCalendar(closures).working_time_between(start, end)


def missing_schedule_years(today=None, entered=True):
    """Years whose statutory schedule nobody knows: the current one, and from December on the
    next one, when the library does not ship it and no holiday is entered in the working
    calendar. The State Council publishes the next year's schedule each November; until it is
    entered, deadlines in that year count Monday to Friday only. ``entered=False`` ignores the
    admin's entries (before the tables exist)."""
    from .models import CalendarDay, CalendarDayKind

    today = today or timezone.localdate()
    years = [today.year] + ([today.year + 1] if today.month == 12 else [])
    return [
        year
        for year in years
        if not library_knows(year)
        and not (entered and CalendarDay.objects.filter(kind=CalendarDayKind.HOLIDAY, date__year=year).exists())
    ]
