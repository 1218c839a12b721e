"""Admin pieces the roster shares with the screens built on it (holidays, night checks): a menu
item and a permission policy for the grid's staff in scope, a place filter, a ledger page."""

from django import forms
from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.models import Locale
from wagtail.permission_policies.base import BasePermissionPolicy

from grid_pages.conf import get_building_model, get_community_model
from grid_pages.spreadsheets import text_value

from . import scope
from .exports import table_response

LEDGER_PAGE_ROWS = 500


class ScopedMenuItem(MenuItem):
    """Shown to the office and to anyone in a staff role of the grid."""

    def is_shown(self, request):
        return scope.can_use(request.user)


class ScopedViewOfficeEditsPolicy(BasePermissionPolicy):
    """``view``: the grid's staff (each sees their part through the views' own scoping); ``add``,
    ``change``, ``delete``: the office."""

    def user_has_permission(self, user, action):
        if action == "view":
            return scope.can_use(user)
        return action in ("add", "change", "delete") and scope.is_office(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        objects = self.model._default_manager
        return objects.all() if self.user_has_any_permission(user, actions) else objects.none()

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


class PlaceFilterForm(forms.Form):
    """Community and building, offered within the user's part of the grid."""

    community = forms.ModelChoiceField(label=_("Community"), queryset=get_community_model().objects.none(), required=False)
    building = forms.ModelChoiceField(label=_("Building"), queryset=get_building_model().objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name, model in (("building", get_building_model()), ("community", get_community_model())):
            pages = model.objects.filter(locale=Locale.get_default()).order_by("path")
            self.fields[name].queryset = scope.pages_in_scope(user, pages)

    def place(self):
        """The chosen building, else community, else None (after ``is_valid``)."""
        data = getattr(self, "cleaned_data", {})
        return data.get("building") or data.get("community")


def ledger_response(request, form, header, rows, name, title, empty_message):
    """A ledger: ``?export=csv|xlsx`` downloads every row, else a page of them under the filter."""
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return table_response(header, rows, name, export)
    rows = list(rows)
    shown = [[text_value(cell) for cell in row] for row in rows[:LEDGER_PAGE_ROWS]]  # dates as in the CSV
    return TemplateResponse(request, "grid_roster/admin/ledger.html", {
        "form": form, "header": header, "rows": shown, "more": max(0, len(rows) - LEDGER_PAGE_ROWS),
        "query": request.GET.urlencode(), "header_title": title, "empty_message": empty_message,
    })
