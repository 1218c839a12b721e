from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from . import coverage, dashboard, importing, viewsets
from .models import Student

register_permission_policy(Student, viewsets.StudentPermissionPolicy(Student))


@hooks.register("register_admin_viewset")
def register_student_viewset():
    return viewsets.StudentViewSet()


@hooks.register("register_admin_urls")
def register_roster_urls():
    return [path("roster/beds/<int:pk>/", viewsets.floor_beds, name="grid_roster_beds")]


@hooks.register("register_grid_import_kind")
def register_student_import():
    return importing.import_kind()


@hooks.register("grid_coverage_sections")
def person_level_coverage(locale):
    return coverage.coverage_section(locale)


@hooks.register("grid_dashboard_panels")
def roster_dashboard_panel(request, period, place):
    return dashboard.roster_panel(request, period, place)
