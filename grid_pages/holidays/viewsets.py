"""Holiday periods in the admin: the office opens them (with the working calendar's holidays in
view); every grid member of the roster's scope lists them and goes to their floors."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from grid_pages.roster.admin_common import ScopedMenuItem, ScopedViewOfficeEditsPolicy

from . import views
from .calendar import upcoming_days_off
from .models import HolidayPeriod


class PeriodPermissionPolicy(ScopedViewOfficeEditsPolicy):
    """Every grid member lists the holidays (and sees their own floors); the office opens them."""


class PeriodCreateView(generic.CreateView):
    template_name = "grid_holidays/admin/period_create.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["days_off"] = upcoming_days_off(timezone.localdate())
        return context

    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.created_by = self.request.user
        instance.save()
        return instance


class PeriodIndexView(generic.IndexView):
    any_permission_required = ["view"]
    default_ordering = "-leave_from"

    @property
    def columns(self):
        return [
            TitleColumn("name", label=_("name"), get_url=lambda p: reverse("grid_holidays_floors", args=[p.pk])),
            DateColumn("leave_from", label=_("first day off")),
            DateColumn("return_by", label=_("return day")),
        ]


class HolidayPeriodViewSet(ModelViewSet):
    model = HolidayPeriod
    name = "grid_holidays_periods"
    url_prefix = "holidays/periods"
    icon = "date"
    menu_label = _("Holiday departure and return")
    menu_item_class = ScopedMenuItem
    menu_order = 232
    add_to_admin_menu = True
    index_view_class = PeriodIndexView
    add_view_class = PeriodCreateView
    permission_policy = PeriodPermissionPolicy(HolidayPeriod)
    form_fields = ["name", "leave_from", "return_by", "declarations_open"]
    copy_view_enabled = False
    inspect_view_enabled = False


def admin_urls():
    return [
        path("holidays/<int:pk>/floors/", views.period_floors, name="grid_holidays_floors"),
        path("holidays/<int:pk>/floors/<int:floor_pk>/", views.floor_round, name="grid_holidays_floor"),
        path("holidays/<int:pk>/unreturned/", views.unreturned_list, name="grid_holidays_unreturned"),
        path("holidays/ledger/", views.ledger, name="grid_holidays_ledger"),
    ]
