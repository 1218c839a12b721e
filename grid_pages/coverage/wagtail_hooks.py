from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import views
from .report import coverage_report


@hooks.register("register_admin_urls")
def register_coverage_admin_urls():
    return [path("grid-coverage/", views.coverage, name="grid_coverage")]


@hooks.register("register_admin_menu_item")
def register_coverage_menu_item():
    return MenuItem(_("Coverage"), reverse("grid_coverage"), icon_name="tasks", order=220)


class CoveragePanel(Component):
    """The percentage covered per level on the admin home, linking to the report."""

    name = "grid_coverage"
    template_name = "grid_coverage/admin/dashboard_panel.html"
    order = 140

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["report"] = coverage_report()
        return context


@hooks.register("construct_homepage_panels")
def add_coverage_panel(request, panels):
    panels.append(CoveragePanel())
