"""Inspection figures on the leadership dashboard (``grid_dashboard_panels`` hook), in the
request user's part of the grid: rooms inspected and findings in the period, and the findings
open and overdue now."""

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import scope
from .models import UNRECTIFIED_STATUSES, FindingStatus, RoomCheck


def _bounds(period):
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def figures(user, period, place=None, now=None):
    """{"rooms", "rounds", "found", "open", "overdue", "rectified"} for the user and period."""
    now = now or timezone.now()
    start, end = _bounds(period)
    rounds = scope.visible_rounds(user)
    findings = scope.visible_findings(user)
    for name in ("community", "building"):
        page = (place or {}).get(name)
        if page is not None:
            rounds = rounds.filter(**{f"{name}_id": page.pk})
            findings = findings.filter(**{f"{name}_id": page.pk})
    in_period = rounds.filter(inspected_at__gte=start, inspected_at__lt=end)
    rooms = RoomCheck.objects.filter(round__in=in_period.values("pk")).values("room_id").distinct().count()
    counts = findings.aggregate(
        found=Count("pk", filter=Q(found_at__gte=start, found_at__lt=end)),
        open=Count("pk", filter=Q(status__in=UNRECTIFIED_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=UNRECTIFIED_STATUSES, due_at__lt=now)),
        rectified=Count(
            "pk",
            filter=Q(status__in=(FindingStatus.RECTIFIED, FindingStatus.RECHECK_OK), rectified_at__gte=start, rectified_at__lt=end),
        ),
    )
    return {"rooms": rooms, "rounds": in_period.count(), **counts}


def panel(request, period, place):
    user = request.user
    if not scope.is_staff_user(user):
        return None
    data = figures(user, period, place)
    rounds_url = reverse("grid_inspections_rounds:index")
    findings_url = reverse("grid_inspections_findings:index")
    statuses = "&".join(f"status={s}" for s in UNRECTIFIED_STATUSES)
    return {
        "title": _("Inspections"),
        "figures": [
            (_("Rooms inspected"), data["rooms"], None),
            (_("Inspection rounds"), data["rounds"], rounds_url),
            (_("Findings"), data["found"], findings_url),
            (_("Findings open"), data["open"], f"{findings_url}?{statuses}"),
            (_("Findings overdue"), data["overdue"], f"{findings_url}?overdue=true"),
            (_("Findings rectified"), data["rectified"], None),
        ],
    }
