from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from grid_pages.roster.admin_common import ScopedMenuItem

from . import dashboard, viewsets
from .models import HolidayPeriod

register_permission_policy(HolidayPeriod, viewsets.PeriodPermissionPolicy(HolidayPeriod))


@hooks.register("register_admin_viewset")
def register_period_viewset():
    return viewsets.HolidayPeriodViewSet()


@hooks.register("register_admin_urls")
def register_holiday_urls():
    return viewsets.admin_urls()


@hooks.register("register_admin_menu_item")
def register_ledger_menu_item():
    return ScopedMenuItem(_("Holiday ledger"), reverse("grid_holidays_ledger"), icon_name="list-ul", order=233)


@hooks.register("grid_dashboard_panels")
def holidays_dashboard_panel(request, period, place):
    return dashboard.holidays_panel(request, period, place)


@hooks.register("grid_periodic_jobs")
def register_periodic_jobs():
    # ``run_periodic`` (cron, every minute) opens and escalates the follow-ups of students not back.
    from . import services

    return [("holiday_followups", services.run_all_followups)]
