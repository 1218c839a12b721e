from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from . import dashboard, ranking  # noqa: F401 (ranking registers the building page section)
from . import scope
from .models import Finding, HazardType, InspectionRound
from .viewsets import (
    FindingPermissionPolicy,
    InspectionsGroup,
    OfficeEditsPermissionPolicy,
    RankingsView,
    RoundPermissionPolicy,
)

register_permission_policy(InspectionRound, RoundPermissionPolicy(InspectionRound))
register_permission_policy(Finding, FindingPermissionPolicy(Finding))
register_permission_policy(HazardType, OfficeEditsPermissionPolicy(HazardType))


@hooks.register("register_admin_viewset")
def register_inspections_viewsets():
    return InspectionsGroup()


@hooks.register("register_admin_urls")
def register_rankings_url():
    return [path("inspections/rankings/", RankingsView.as_view(), name="grid_inspections_rankings")]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return scope.is_staff_user(request.user)


@hooks.register("register_admin_menu_item")
def register_record_menu_item():
    # The recording screen lives outside the admin: made for a phone, under the site's CSP.
    return StaffMenuItem(_("Record an inspection"), reverse("grid_inspections:start"), icon_name="form", order=216)


@hooks.register("register_admin_menu_item")
def register_rankings_menu_item():
    return StaffMenuItem(_("Hygiene rankings"), reverse("grid_inspections_rankings"), icon_name="list-ol", order=217)


@hooks.register("grid_dashboard_panels")
def inspections_panel(request, period, place):
    return dashboard.panel(request, period, place)


def _escalate_overdue_findings_job(now, dry_run):
    from .services import escalate_overdue_findings

    count = escalate_overdue_findings(now, dry_run=dry_run)
    verb = "Would refer" if dry_run else "Referred"
    return count, [f"{verb} {count} overdue finding(s) up the grid"] if count else []


@hooks.register("grid_periodic_jobs")
def register_periodic_jobs():
    # ``run_periodic`` (cron, every minute) refers unrectified findings past their deadline.
    return [("escalate_overdue_findings", _escalate_overdue_findings_job)]
