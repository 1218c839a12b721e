"""Night-check figures on the leadership dashboard (hook ``grid_dashboard_panels``), scoped."""

from django.urls import reverse
from django.utils.translation import gettext as _

from grid_pages.conf import get_page_model
from grid_pages.roster import scope as roster_scope

from . import services
from .models import AbsenceFollowUp, Mark, NightCheck, Status

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()


def nightchecks_panel(request, period, place):
    user = request.user
    if not roster_scope.can_use(user):
        return None
    page = place.get("building") or place.get("community")
    marks = roster_scope.narrow(user, Mark.objects.filter(check_round__night__range=(period.start, period.end)), room="room")
    followups = roster_scope.narrow(user, AbsenceFollowUp.objects.filter(closed_at__isnull=True), room="mark__room")
    rounds = NightCheck.objects.filter(night__range=(period.start, period.end))
    students = roster_scope.visible_students(user).filter(active=True)
    if page:
        marks = marks.filter(room__floor__path__startswith=page.path)
        followups = followups.filter(mark__room__floor__path__startswith=page.path)
        rounds = rounds.filter(floor__path__startswith=page.path)
        students = students.filter(room__floor__path__startswith=page.path)
    if not roster_scope.is_office(user):
        rounds = rounds.filter(floor__in=roster_scope.pages_in_scope(user, Page.objects.all()))
    ledger = reverse("grid_nightchecks_ledger") + f"?start={period.start.isoformat()}&end={period.end.isoformat()}"
    return {
        "title": _("Night checks"),
        "figures": [
            (_("Rounds"), rounds.count(), None),
            (_("Absences"), marks.filter(status=Status.ABSENT).count(), ledger),
            (_("Late returns"), marks.filter(status=Status.LATE).count(), ledger),
            (_("Open follow-ups"), followups.count(), reverse("grid_nightchecks_followups")),
            (_("Students with repeated absences"), len(services.repeated_absences(students, period.end)), None),
        ],
    }
