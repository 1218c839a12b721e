"""The leadership dashboard's figures: plain functions over a (scoped) case queryset, a period and ``now``.

Every figure is about the cases **received in the period** (a cohort), seen as of ``now``,
except the trend's "resolved" bars, which count cases resolved in each week whenever they
came in. See docs/cases.md, "The leadership dashboard", for what each figure means exactly.

Queries are fixed in number whatever the number of cases or buildings: one grouped aggregate
(counts per community and building), one narrow read of the timestamps for the medians (a
median is not a portable SQL aggregate: SQLite has none, PostgreSQL's ``percentile_cont`` is
not in Django), two grouped counts per week for the trend, and one read of the place names.
"""

import statistics
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grid_pages.conf import get_page_model

from .models import OPEN_STATUSES, CaseRating

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()

# Terms of the Chinese academic year: spring from February, autumn from August (the summer and
# winter vacations fall inside them, where few cases come in).
SPRING_TERM_START_MONTH = 2
AUTUMN_TERM_START_MONTH = 8

PRESETS = {
    "week": _("This week"),
    "month": _("This month"),
    "term": _("This term"),
    "last30": _("Last 30 days"),
}


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included, in the site's time zone."""

    start: date
    end: date

    @property
    def bounds(self):
        """Aware datetimes [start 00:00, day after end 00:00)."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    @property
    def days(self):
        return (self.end - self.start).days + 1


def preset_period(name, today):
    """The period of a preset (``PRESETS``) that contains ``today``; unknown names give this month."""
    if name == "week":
        start = today - timedelta(days=today.weekday())
        return Period(start, start + timedelta(days=6))
    if name == "last30":
        return Period(today - timedelta(days=29), today)
    if name == "term":
        if today.month >= AUTUMN_TERM_START_MONTH:
            return Period(date(today.year, AUTUMN_TERM_START_MONTH, 1), date(today.year + 1, SPRING_TERM_START_MONTH, 1) - timedelta(days=1))
        if today.month >= SPRING_TERM_START_MONTH:
            return Period(date(today.year, SPRING_TERM_START_MONTH, 1), date(today.year, AUTUMN_TERM_START_MONTH, 1) - timedelta(days=1))
        return Period(date(today.year - 1, AUTUMN_TERM_START_MONTH, 1), date(today.year, SPRING_TERM_START_MONTH, 1) - timedelta(days=1))
    return Period(today.replace(day=1), today.replace(day=monthrange(today.year, today.month)[1]))


@dataclass
class Figures:
    """The figures of one part of the grid (or all of it) for the period."""

    received: int = 0
    open: int = 0
    response_overdue: int = 0
    resolution_overdue: int = 0
    overdue: int = 0  # either deadline missed
    escalations: int = 0
    rated: int = 0
    satisfied: int = 0  # 满意 + 基本满意
    unanswered: int = 0  # follow-up closed without the student's answer
    median_response: timedelta | None = None
    median_resolution: timedelta | None = None
    key: object = None  # the community or building id
    community_id: object = None  # of a building
    name: str = ""
    community: str = ""
    _response_times: list = field(default_factory=list, repr=False)
    _resolution_times: list = field(default_factory=list, repr=False)

    COUNTS = ("received", "open", "response_overdue", "resolution_overdue", "overdue", "escalations", "rated", "satisfied", "unanswered")

    @property
    def satisfaction_rate(self):
        """满意率: satisfied or basically satisfied, over the rated cases (None when none is rated)."""
        return self.satisfied / self.rated if self.rated else None

    @property
    def followup_rate(self):
        """回访率: rated cases over those whose follow-up ended (rated or left unanswered)."""
        ended = self.rated + self.unanswered
        return self.rated / ended if ended else None

    @property
    def satisfaction_percent(self):
        rate = self.satisfaction_rate
        return None if rate is None else round(rate * 100, 1)

    @property
    def followup_percent(self):
        rate = self.followup_rate
        return None if rate is None else round(rate * 100, 1)

    @property
    def median_response_hours(self):
        return _hours(self.median_response)

    @property
    def median_resolution_hours(self):
        return _hours(self.median_resolution)

    def add(self, other):
        for name in self.COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def set_medians(self):
        self.median_response = statistics.median(self._response_times) if self._response_times else None
        self.median_resolution = statistics.median(self._resolution_times) if self._resolution_times else None

    @property
    def rank_key(self):
        """Worst first: most cases past a deadline, then the lowest satisfaction, then the most cases."""
        rate = self.satisfaction_rate
        return (-self.overdue, 2 if rate is None else rate, -self.received, self.name)


def _hours(duration):
    return None if duration is None else round(duration.total_seconds() / 3600, 1)


@dataclass
class Week:
    start: date
    received: int = 0
    resolved: int = 0


@dataclass
class Dashboard:
    period: Period
    total: Figures
    communities: list
    buildings: list  # worst first
    weeks: list


def _overdue_conditions(now):
    open_ = Q(status__in=OPEN_STATUSES)
    response = Q(first_response_at__isnull=False, first_response_at__gt=F("response_due_at")) | Q(
        open_, first_response_at__isnull=True, response_due_at__lt=now
    )
    resolution = Q(resolved_at__isnull=False, resolved_at__gt=F("due_at")) | Q(
        open_, resolved_at__isnull=True, due_at__lt=now
    )
    return response, resolution


def compute(queryset, period, now):
    """The dashboard of ``queryset`` (scope and place filters already applied) for ``period``."""
    start, end = period.bounds
    cohort = queryset.filter(submitted_at__gte=start, submitted_at__lt=end).order_by()
    response, resolution = _overdue_conditions(now)
    answered = ~Q(rating="")
    rows = cohort.values("community_id", "building_id").annotate(
        received=Count("pk"),
        open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        response_overdue=Count("pk", filter=response),
        resolution_overdue=Count("pk", filter=resolution),
        overdue=Count("pk", filter=response | resolution),
        escalations=Sum("escalations"),
        rated=Count("pk", filter=answered),
        satisfied=Count("pk", filter=Q(rating__in=[CaseRating.SATISFIED, CaseRating.BASICALLY])),
        unanswered=Count("pk", filter=Q(rating="", followup_expired=True)),
    )
    total = Figures()
    communities, buildings = {}, {}
    for row in rows:
        figures = Figures(**{name: row[name] or 0 for name in Figures.COUNTS})
        building = buildings.setdefault(row["building_id"], Figures(key=row["building_id"]))
        building.add(figures)
        building.community_id = row["community_id"]
        communities.setdefault(row["community_id"], Figures(key=row["community_id"])).add(figures)
        total.add(figures)

    times = cohort.filter(Q(first_response_at__isnull=False) | Q(resolved_at__isnull=False)).values_list(
        "community_id", "building_id", "submitted_at", "first_response_at", "resolved_at"
    )
    for community_id, building_id, submitted, responded, resolved in times:
        for figures in (total, communities.get(community_id), buildings.get(building_id)):
            if figures is None:
                continue
            if responded is not None:
                figures._response_times.append(responded - submitted)
            if resolved is not None:
                figures._resolution_times.append(resolved - submitted)
    for figures in (total, *communities.values(), *buildings.values()):
        figures.set_medians()

    names = dict(Page.objects.filter(pk__in=[k for k in (*communities, *buildings) if k]).values_list("pk", "title"))
    for key, figures in communities.items():
        figures.name = names.get(key, "")
    for key, figures in buildings.items():
        figures.name = names.get(key, "")
        figures.community = names.get(figures.community_id, "")

    return Dashboard(
        period=period,
        total=total,
        communities=sorted(communities.values(), key=lambda f: f.name),
        buildings=sorted(buildings.values(), key=lambda f: f.rank_key),
        weeks=weekly_trend(queryset, period),
    )


def weekly_trend(queryset, period):
    """Cases received and cases resolved in each week (Monday to Sunday) the period touches;
    only the days inside the period count."""
    start, end = period.bounds
    zone = timezone.get_current_timezone()
    first_monday = period.start - timedelta(days=period.start.weekday())
    weeks = {}
    day = first_monday
    while day <= period.end:
        weeks[day] = Week(day)
        day += timedelta(days=7)

    def week_of(value):
        return value.astimezone(zone).date() if isinstance(value, datetime) else value

    base = queryset.order_by()
    received = (
        base.filter(submitted_at__gte=start, submitted_at__lt=end)
        .annotate(week=TruncWeek("submitted_at", tzinfo=zone))
        .values("week")
        .annotate(n=Count("pk"))
    )
    for row in received:
        weeks[week_of(row["week"])].received = row["n"]
    resolved = (
        base.filter(resolved_at__gte=start, resolved_at__lt=end)
        .annotate(week=TruncWeek("resolved_at", tzinfo=zone))
        .values("week")
        .annotate(n=Count("pk"))
    )
    for row in resolved:
        weeks[week_of(row["week"])].resolved = row["n"]
    return list(weeks.values())
