from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from grid_pages.roster.admin_common import ScopedMenuItem

from . import dashboard, views


@hooks.register("register_admin_urls")
def register_nightcheck_urls():
    return [
        path("nightchecks/", views.floors, name="grid_nightchecks_floors"),
        path("nightchecks/floors/<int:floor_pk>/", views.round_view, name="grid_nightchecks_round"),
        path("nightchecks/followups/", views.followups, name="grid_nightchecks_followups"),
        path("nightchecks/ledger/", views.ledger, name="grid_nightchecks_ledger"),
    ]


@hooks.register("register_admin_menu_item")
def register_nightcheck_menu_item():
    return ScopedMenuItem(_("Night checks"), reverse("grid_nightchecks_floors"), icon_name="time", order=234)


@hooks.register("grid_dashboard_panels")
def nightchecks_dashboard_panel(request, period, place):
    return dashboard.nightchecks_panel(request, period, place)
