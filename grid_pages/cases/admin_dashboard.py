"""The leadership dashboard in the admin: a period form, the figures of ``dashboard`` and SVG charts.

Scoped like the queue: the office sees the campus, a community head their community, a
building head their building (``scope.visible_cases``).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import AdminDateInput

from grid_pages.conf import get_building_model, get_community_model

from . import charts, dashboard, scope


MAX_PERIOD_DAYS = 400


def default_locale_pages(model):
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant

    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return model.objects.filter(locale__language_code=language).order_by("path")


def missing_schedule_years():
    """Years whose holiday schedule the working calendar lacks (deadlines then fall back to weekends)."""
    try:
        # The working calendar is optional here: the dashboard works without it.
        from grid_pages.workcalendar import missing_schedule_years as missing
    except ImportError:
        return []
    return list(missing())


class DashboardForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Period"), required=False, choices=[("", _("Chosen dates"))] + list(dashboard.PRESETS.items())
    )
    start = forms.DateField(label=_("First day"), required=False, widget=AdminDateInput)
    end = forms.DateField(label=_("Last day"), required=False, widget=AdminDateInput)
    community = forms.ModelChoiceField(label=_("Community"), required=False, queryset=get_community_model().objects.none())
    building = forms.ModelChoiceField(label=_("Building"), required=False, queryset=get_building_model().objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the user's part of the grid is offered, as in the queue's filters.
        for name, model in (("community", get_community_model()), ("building", get_building_model())):
            self.fields[name].queryset = scope.grid_pages_in_scope(user, default_locale_pages(model).only("id", "title", "path"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if not data.get("preset") and (start or end):
            if not (start and end):
                raise forms.ValidationError(_("Give both dates, or choose a period."))
            if end < start:
                raise forms.ValidationError(_("The period must end after it starts."))
            if (end - start).days >= MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Choose a period of at most %(days)d days.") % {"days": MAX_PERIOD_DAYS})
        return data

    def period(self, today):
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("start") and data.get("end") and not data.get("preset"):
            return dashboard.Period(data["start"], data["end"])
        return dashboard.preset_period(data.get("preset") or "month", today)


def other_panels(request, period, place):
    """Figures other sub-apps add to the dashboard through the ``grid_dashboard_panels`` hook.

    A hook function takes ``(request, period, place)`` (``place``: the chosen ``community`` and
    ``building`` pages or None) and returns None or ``{"title": str, "figures": [(label, value,
    url or None), ...]}``, already narrowed to the request user's part of the grid.
    """
    return [panel for fn in hooks.get_hooks("grid_dashboard_panels") if (panel := fn(request, period, place))]


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "grid_cases/admin/dashboard.html"
    page_title = _("Case dashboard")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not scope.can_use_queue(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        now = timezone.now()
        form = DashboardForm(self.request.GET or None, user=user)
        period = form.period(timezone.localdate(now))
        cases = scope.visible_cases(user)
        place = {"community": None, "building": None}
        if form.is_bound and form.is_valid():
            for name in ("community", "building"):
                if form.cleaned_data.get(name):
                    place[name] = form.cleaned_data[name]
                    cases = cases.filter(**{f"{name}_id": form.cleaned_data[name].pk})
        figures = dashboard.compute(cases, period, now)
        trend = charts.grouped_bars([(f"{w.start:%m-%d}", [w.received, w.resolved]) for w in figures.weeks])
        worst = [b for b in figures.buildings if b.received][:10]
        ranking = charts.grouped_bars(
            [(b.name or "—", [b.overdue]) for b in worst], height=220
        )
        context.update(
            {
                "form": form,
                "period": period,
                "figures": figures,
                "trend": trend,
                "ranking_chart": ranking,
                "worst": worst,
                "panels": other_panels(self.request, period, place),
                "missing_years": missing_schedule_years(),
                "queue_url": reverse("grid_cases_queue:index"),
                "presets": [
                    (key, label, dashboard.preset_period(key, timezone.localdate(now))) for key, label in dashboard.PRESETS.items()
                ],
            }
        )
        return context

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": gettext("Case dashboard")}]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return scope.can_use_queue(request.user)


class CaseDashboardViewSet(ViewSet):
    name = "grid_cases_dashboard"
    url_prefix = "cases/dashboard"
    icon = "table"
    menu_label = _("Case dashboard")
    menu_item_class = DashboardMenuItem

    def get_urlpatterns(self):
        return [path("", DashboardView.as_view(), name="index")]
