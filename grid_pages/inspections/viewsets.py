"""The inspection ledgers in the admin (rounds; findings and their rectification), the finding
page with its actions, hygiene rankings and the hazard-type list.

Rounds and findings are scoped by ``scope`` (a 层长 their floor, a 楼长 their building, the office
everything); nobody adds, edits or deletes them here: the recording page and ``services`` write.
"""

import django_filters
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.permission_policies.base import BasePermissionPolicy, ModelPermissionPolicy

from grid_pages import conf as grid_conf
from grid_pages.conf import get_building_model, get_community_model

from . import conf, ledger, scope, services
from .models import (
    UNRECTIFIED_STATUSES,
    Finding,
    FindingStatus,
    HazardType,
    HygieneRanking,
    InspectionKind,
    InspectionRound,
)


class ScopedPermissionPolicy(BasePermissionPolicy):
    """Seen by grid scope, never added, changed or deleted in the admin."""

    visible = None  # scope function (user, queryset) -> queryset

    def user_has_permission(self, user, action):
        return action == "view" and scope.is_staff_user(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and scope.is_staff_user(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if "view" in actions:
            return type(self).visible(user)
        return self.model.objects.none()

    def users_with_any_permission(self, actions):
        User = get_user_model()
        staff = Q(grid_staff_profiles__assignments__role__in=grid_conf.get("STAFF_ROLES"))
        office = Q(is_superuser=True) | Q(groups__name=grid_conf.get("OFFICE_GROUP"))
        return User.objects.filter(staff | office, is_active=True).distinct() if "view" in actions else User.objects.none()


class RoundPermissionPolicy(ScopedPermissionPolicy):
    visible = staticmethod(scope.visible_rounds)


class FindingPermissionPolicy(ScopedPermissionPolicy):
    visible = staticmethod(scope.visible_findings)


class OfficeEditsPermissionPolicy(ModelPermissionPolicy):
    """The hazard-type list: the office edits it, as do holders of the model permissions."""

    def user_has_permission(self, user, action):
        return scope.is_office(user) or super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return scope.is_office(user) or super().user_has_any_permission(user, actions)


def _default_locale_pages(model):
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return model.objects.filter(locale__language_code=language).order_by("path").only("id", "title", "path")


def _communities(request):
    return scope.pages_in_scope(request.user, _default_locale_pages(get_community_model()))


def _buildings(request):
    return scope.pages_in_scope(request.user, _default_locale_pages(get_building_model()))


class PlaceFilterSet(WagtailFilterSet):
    community = django_filters.ModelChoiceFilter(label=_("Community"), queryset=_communities)
    building = django_filters.ModelChoiceFilter(label=_("Building"), queryset=_buildings)


class RoundFilterSet(PlaceFilterSet):
    inspected_at = django_filters.DateFromToRangeFilter(label=_("Period"), widget=DateRangePickerWidget)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InspectionKind.choices)

    class Meta:
        model = InspectionRound
        fields = []


class FindingFilterSet(PlaceFilterSet):
    found_at = django_filters.DateFromToRangeFilter(label=_("Period"), widget=DateRangePickerWidget)
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=FindingStatus.choices, widget=django_filters.widgets.forms.CheckboxSelectMultiple
    )
    hazard_type = django_filters.ModelChoiceFilter(label=_("Hazard type"), queryset=HazardType.objects.all())
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="filter_overdue", widget=django_filters.widgets.BooleanWidget
    )
    round = django_filters.NumberFilter(label=_("Round"), widget=django_filters.widgets.forms.HiddenInput)

    class Meta:
        model = Finding
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status__in=UNRECTIFIED_STATUSES, due_at__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)


class LedgerIndexView(IndexView):
    any_permission_required = ["view"]
    ledger_kind = None
    # Non-empty so Wagtail offers its download buttons; the rows come from ``ledger``.
    list_export = ["pk"]

    def get_base_queryset(self):
        return type(self.permission_policy).visible(self.request.user).select_related(*ledger.LEDGERS[self.ledger_kind][2])

    def get_paginate_by(self, queryset):
        return None if self.is_export else conf.get("PAGE_SIZE")

    def get_list_buttons(self, instance):
        return []

    def as_spreadsheet(self, queryset, spreadsheet_format):
        export = ledger.csv_response if spreadsheet_format == self.FORMAT_CSV else ledger.xlsx_response
        return export(self.ledger_kind, queryset, timezone.now())


class RoundIndexView(LedgerIndexView):
    ledger_kind = "rounds"
    default_ordering = "-inspected_at"
    page_title = _("Inspection rounds")

    @cached_property
    def columns(self):
        findings = reverse("grid_inspections_findings:index")
        return [
            TitleColumn(
                "place", label=_("Place"), accessor="place_label",
                get_url=lambda item: f"{findings}?round={item.pk}",
            ),
            DateColumn("inspected_at", label=_("Inspected at"), sort_key="inspected_at"),
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            Column("inspector_name", label=_("Inspector")),
            Column("rooms_checked", label=_("Rooms checked")),
            Column("findings_count", label=_("Findings")),
        ]


class FindingIndexView(LedgerIndexView):
    ledger_kind = "findings"
    default_ordering = "-found_at"
    page_title = _("Findings and rectification")

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "place", label=_("Place"), accessor="place_label",
                get_url=lambda item: reverse("grid_inspections_findings:detail", args=[item.pk]),
            ),
            Column("hazard_type", label=_("Hazard type"), accessor="hazard_type.name"),
            Column("status", label=_("Status"), accessor="get_status_display"),
            Column("level", label=_("Level"), accessor="get_level_display"),
            DateColumn("found_at", label=_("Found at"), sort_key="found_at"),
            Column("due", label=_("Rectify by"), accessor="due_label"),
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        now = timezone.now()
        for item in context.get("object_list") or []:
            due = timezone.localtime(item.due_at).strftime("%Y-%m-%d %H:%M")
            item.due_label = gettext("%(due)s (overdue)") % {"due": due} if item.is_overdue(now) else (
                due if item.is_unrectified else ""
            )
        return context


class FindingDetailView(WagtailAdminTemplateMixin, TemplateView):
    """One finding: where, what, photos, its history, and the actions its status allows.
    Out of the user's scope it does not exist (404)."""

    template_name = "grid_inspections/admin/finding_detail.html"
    header_icon = "warning"

    def dispatch(self, request, pk):
        if not scope.is_staff_user(request.user):
            raise PermissionDenied
        self.finding = get_object_or_404(
            scope.visible_findings(request.user).select_related("hazard_type", "building", "floor", "round"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return gettext("Finding: %(place)s") % {"place": self.finding.place_label}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        finding = self.finding
        user = self.request.user
        context.update(
            {
                "finding": finding,
                "now": timezone.now(),
                "events": finding.events.all(),
                "photos": [reverse("grid_inspections:photo", args=[p.pk]) for p in finding.photos.all()],
                "can_rectify": finding.is_unrectified and scope.can_rectify(user, finding),
                "can_recheck": finding.status == FindingStatus.RECTIFIED and scope.can_recheck(user, finding),
                "can_escalate": finding.is_unrectified and scope.can_recheck(user, finding)
                and services.next_level(finding) is not None,
                "index_url": reverse("grid_inspections_findings:index"),
            }
        )
        return context

    def post(self, request, pk):
        action = request.POST.get("action")
        note = request.POST.get("note", "")
        try:
            if action == "rectify":
                services.rectify(self.finding, request.user, note)
            elif action in ("recheck_ok", "recheck_failed"):
                services.recheck(self.finding, request.user, action == "recheck_ok", note)
            elif action == "escalate":
                services.escalate(self.finding, request.user, note)
            else:
                raise services.InspectionError(gettext("Unknown action."))
        except services.InspectionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, gettext("Saved."))
        return redirect("grid_inspections_findings:detail", self.finding.pk)


class RankingsView(WagtailAdminTemplateMixin, TemplateView):
    """Hygiene rankings (卫生评比公示): publish a building's scores of a period (or of one
    round) on its page, or withdraw one. 楼长, 社区长 and the office only."""

    template_name = "grid_inspections/admin/rankings.html"
    page_title = _("Hygiene rankings")
    header_icon = "list-ol"

    def dispatch(self, request, *args, **kwargs):
        if not scope.is_staff_user(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def buildings(self):
        buildings = _buildings(self.request)
        if scope.is_office(self.request.user):
            return buildings
        pages = scope.staff_pages(self.request.user)
        # Buildings the user heads, or inside a community they head; not a floor head's building.
        community_paths = list(get_community_model().objects.filter(pk__in=pages).values_list("path", flat=True))
        inside = Q(pk__in=pages)
        for community_path in community_paths:
            inside |= Q(path__startswith=community_path)
        return buildings.filter(inside)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        buildings = list(self.buildings())
        context["buildings"] = buildings
        context["rankings"] = HygieneRanking.objects.filter(building__in=[b.pk for b in buildings]).select_related("building")
        context["today"] = timezone.localdate()
        context["form_values"] = getattr(self, "form_values", {})
        return context

    def post(self, request):
        from datetime import date

        try:
            if "ranking" in request.POST:
                ranking = get_object_or_404(HygieneRanking, pk=request.POST.get("ranking"))
                services.set_ranking_published(ranking, request.user, request.POST.get("published") == "1")
                messages.success(request, gettext("Saved."))
                return redirect("grid_inspections_rankings")
            building = get_object_or_404(self.buildings(), pk=request.POST.get("building") or 0)
            try:
                start = date.fromisoformat(request.POST.get("start", ""))
                end = date.fromisoformat(request.POST.get("end", ""))
            except ValueError:
                raise services.InspectionError(gettext("Give the first and the last day."))
            services.publish_ranking(request.user, building, title=request.POST.get("title", ""), start=start, end=end)
        except services.InspectionError as error:
            messages.error(request, error.message)
            self.form_values = request.POST
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, gettext("The ranking is published on the building page."))
        return redirect("grid_inspections_rankings")


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return scope.is_staff_user(request.user)


class RoundViewSet(ModelViewSet):
    model = InspectionRound
    name = "grid_inspections_rounds"
    url_prefix = "inspections/rounds"
    icon = "tasks"
    menu_label = _("Inspection rounds")
    menu_item_class = StaffMenuItem
    index_view_class = RoundIndexView
    filterset_class = RoundFilterSet
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add_url_name", "edit_url_name", "delete_url_name", "history_url_name", "usage_url_name"):
            view_kwargs[name] = None
        return view_kwargs

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


class FindingViewSet(RoundViewSet):
    model = Finding
    name = "grid_inspections_findings"
    url_prefix = "inspections/findings"
    icon = "warning"
    menu_label = _("Findings and rectification")
    index_view_class = FindingIndexView
    filterset_class = FindingFilterSet

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("<int:pk>/", FindingDetailView.as_view(), name="detail")]


class HazardTypeViewSet(ModelViewSet):
    model = HazardType
    icon = "list-ul"
    menu_label = _("Hazard types")
    add_to_settings_menu = False
    list_display = ["name", "kind", "rectify_days", "active", "sort_order"]
    form_fields = ["name", "kind", "rectify_days", "active", "sort_order"]
    copy_view_enabled = False
    inspect_view_enabled = False


class InspectionsGroup(ModelViewSetGroup):
    menu_label = _("Inspections")
    menu_icon = "tasks"
    menu_order = 215
    items = (FindingViewSet, RoundViewSet, HazardTypeViewSet)
