"""Holiday figures on the leadership dashboard (hook ``grid_dashboard_panels``), scoped."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import scope, services
from .models import Declaration, HolidayPeriod, Plan


def holidays_panel(request, period, place):
    user = request.user
    if not scope.can_use(user):
        return None
    holidays = HolidayPeriod.objects.filter(leave_from__lte=period.end, return_by__gte=period.start).order_by("-leave_from")
    holiday = holidays.first()
    if holiday is None:
        return None
    page = place.get("building") or place.get("community")
    declarations = scope.visible(user, Declaration.objects.filter(period=holiday))
    unreturned = services.unreturned(holiday, user, timezone.localdate())
    if page:
        declarations = declarations.filter(student__room__floor__path__startswith=page.path)
        unreturned = unreturned.filter(room__floor__path__startswith=page.path)
    return {
        "title": _("Holiday: %(name)s") % {"name": holiday.name},
        "figures": [
            (_("Declared leaving"), declarations.filter(plan=Plan.LEAVE).count(), reverse("grid_holidays_ledger") + f"?period={holiday.pk}"),
            (_("Staying at school"), declarations.filter(plan=Plan.STAY).count(), None),
            (_("Not back"), unreturned.count(), reverse("grid_holidays_unreturned", args=[holiday.pk])),
        ],
    }
