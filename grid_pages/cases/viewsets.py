"""The moderation queue in the Wagtail admin: list, case page, actions and photos.

Nobody adds, edits or deletes a case here: intake creates cases and ``services`` changes
them. The list, the case page and the actions are scoped by ``scope`` through
``CasePermissionPolicy``; each action form is parsed here and handed to exactly one service
function, which re-checks scope, status and the version the user saw.
"""

from dataclasses import dataclass

import django_filters
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.permission_policies.base import BasePermissionPolicy, ModelPermissionPolicy

from grid_pages.conf import get_building_model, get_community_model
from grid_pages.photos import private_photo_response

from . import admin_forms, answers, conf, ledger, pagination, routing, scope, services
from .models import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    Case,
    CaseCategory,
    CaseKind,
    CasePhoto,
    CaseRating,
    CaseStatus,
    normalise_case_code,
    partial_case_code,
)

# Permission policies ---------------------------------------------------------------------


class CasePermissionPolicy(BasePermissionPolicy):
    """Cases are seen and handled by grid scope (``scope``), not by model permissions.

    Actions: ``view`` (list and open) and ``change`` (act through the services). Nobody may
    ``add`` or ``delete`` a case in the admin.
    """

    SCOPED = {"view", "change"}

    def user_has_permission(self, user, action):
        return action in self.SCOPED and scope.can_use_queue(user)

    def user_has_any_permission(self, user, actions):
        return bool(self.SCOPED & set(actions)) and scope.can_use_queue(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "view":
            return scope.can_view(user, instance)
        if action == "change":
            return scope.can_handle(user, instance)
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        if self.SCOPED & set(actions):
            return scope.visible_cases(user)
        return Case.objects.none()

    def users_with_any_permission(self, actions):
        User = get_user_model()
        if not self.SCOPED & set(actions):
            return User.objects.none()
        handlers = Q(grid_staff_profiles__assignments__role__in=conf.get("HANDLER_ROLES"))
        handlers |= Q(grid_staff_profiles__assigned_cases__isnull=False)
        office = Q(is_superuser=True) | Q(groups__name=conf.get("OFFICE_GROUP"))
        office |= Q(user_permissions__codename="handle_case", user_permissions__content_type__app_label="grid_cases")
        office |= Q(groups__permissions__codename="handle_case", groups__permissions__content_type__app_label="grid_cases")
        return User.objects.filter(office | handlers, is_active=True).distinct()


class OfficeEditsPermissionPolicy(ModelPermissionPolicy):
    """The matter list and reply templates: the office edits them, as do holders of the model permissions."""

    def user_has_permission(self, user, action):
        return scope.is_office(user) or super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return scope.is_office(user) or super().user_has_any_permission(user, actions)

    def users_with_any_permission(self, actions):
        return (
            super().users_with_any_permission(actions)
            | get_user_model().objects.filter(groups__name=conf.get("OFFICE_GROUP"), is_active=True)
        ).distinct()


# Actions ---------------------------------------------------------------------------------

ALL_STATUSES = tuple(CaseStatus)


@dataclass(frozen=True)
class QueueAction:
    """One button of the case page: its form, the one service function it calls, when it is offered."""

    name: str
    label: str
    form_class: type
    service: object
    statuses: tuple
    done: str  # success message, with %(code)s
    primary: bool = False

    def offered(self, case):
        if case.status not in self.statuses:
            return False
        if self.name == "escalate":
            return routing.case_next_level(case) is not None
        if self.name == "unpublish":
            return answers.published_answer(case) is not None
        return True


NEW, ACCEPTED, IN_PROGRESS, RESOLVED = CaseStatus.NEW, CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED

QUEUE_ACTIONS = {
    a.name: a
    for a in [
        QueueAction("accept", _("Accept"), admin_forms.AcceptForm, services.accept, (NEW,),
                    _("Case %(code)s accepted."), primary=True),
        QueueAction("start", _("Start work"), admin_forms.StartForm, services.start, (NEW, ACCEPTED),
                    _("Work on case %(code)s started.")),
        QueueAction("assign", _("Assign"), admin_forms.AssignForm, services.assign, OPEN_STATUSES,
                    _("Case %(code)s assigned.")),
        QueueAction("reply", _("Send public reply"), admin_forms.ReplyForm, services.reply,
                    (*OPEN_STATUSES, RESOLVED), _("Reply to case %(code)s sent.")),
        QueueAction("note", _("Add internal note"), admin_forms.NoteForm, services.add_note, ALL_STATUSES,
                    _("Note added to case %(code)s.")),
        QueueAction("edit", _("Save text for publication"), admin_forms.EditDescriptionForm,
                    services.edit_description, ALL_STATUSES, _("Text of case %(code)s saved.")),
        QueueAction("resolve", _("Resolve"), admin_forms.ResolveForm, services.resolve, OPEN_STATUSES,
                    _("Case %(code)s resolved.")),
        QueueAction("reject", _("Reject"), admin_forms.RejectForm, services.reject, OPEN_STATUSES,
                    _("Case %(code)s rejected.")),
        QueueAction("duplicate", _("Mark as duplicate"), admin_forms.DuplicateForm, services.mark_duplicate,
                    OPEN_STATUSES, _("Case %(code)s closed as a duplicate.")),
        QueueAction("escalate", _("Refer up"), admin_forms.EscalateForm, services.escalate, OPEN_STATUSES,
                    _("Case %(code)s referred to the next level.")),
        QueueAction("close", _("Close"), admin_forms.CloseForm, services.close, (RESOLVED,),
                    _("Case %(code)s closed.")),
        QueueAction("reopen", _("Reopen"), admin_forms.ReopenForm, services.reopen, FINISHED_STATUSES,
                    _("Case %(code)s reopened.")),
        QueueAction("publish", _("Publish as a public answer"), admin_forms.PublishAnswerForm,
                    answers.publish_answer, answers.PUBLISHABLE, _("Case %(code)s published as a public answer.")),
        QueueAction("unpublish", _("Remove the public answer"), admin_forms.UnpublishAnswerForm,
                    answers.unpublish_answer, ALL_STATUSES, _("The public answer of case %(code)s was removed.")),
    ]
}


# The list --------------------------------------------------------------------------------


def _default_language():
    # A join on the language code instead of a Locale query per filter.
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def _default_locale_pages(model):
    return model.objects.filter(locale__language_code=_default_language()).order_by("path")


def _categories(request):
    return CaseCategory.objects.filter(locale__language_code=_default_language())


def _communities(request):
    # Only the communities and buildings of the user's part of the grid are offered.
    return scope.grid_pages_in_scope(request.user, _default_locale_pages(get_community_model()).only("id", "title", "path"))


def _buildings(request):
    return scope.grid_pages_in_scope(request.user, _default_locale_pages(get_building_model()).only("id", "title", "path"))


class CaseFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=CaseStatus.choices, widget=django_filters.widgets.forms.CheckboxSelectMultiple
    )
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=CaseKind.choices)
    category = django_filters.ModelChoiceFilter(label=_("Matter"), queryset=_categories)
    community = django_filters.ModelChoiceFilter(label=_("Community"), queryset=_communities)
    building = django_filters.ModelChoiceFilter(label=_("Building"), queryset=_buildings)
    overdue = django_filters.BooleanFilter(
        label=_("Resolution overdue"), method="filter_overdue", widget=django_filters.widgets.BooleanWidget
    )
    response_overdue = django_filters.BooleanFilter(
        label=_("First response overdue"), method="filter_response_overdue", widget=django_filters.widgets.BooleanWidget
    )
    mine = django_filters.BooleanFilter(
        label=_("Assigned to me"), method="filter_mine", widget=django_filters.widgets.BooleanWidget
    )
    rating = django_filters.ChoiceFilter(label=_("Student's rating"), choices=CaseRating.choices)
    followup_expired = django_filters.BooleanFilter(
        label=_("Closed without the student's rating"), widget=django_filters.widgets.BooleanWidget
    )

    class Meta:
        model = Case
        fields = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status__in=OPEN_STATUSES, due_at__lt=timezone.now())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_response_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status__in=OPEN_STATUSES, first_response_at__isnull=True, response_due_at__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(assignee__user=self.request.user)


def calendars():
    """One working calendar per closure rule, shared by every row of a page (a query per year)."""
    from grid_pages.workcalendar import WorkCalendar

    return {False: WorkCalendar(False), True: WorkCalendar(True)}


def request_calendars(request):
    """``calendars()`` once per request: the listing's cells may not see the view's context."""
    if not hasattr(request, "_grid_case_calendars"):
        request._grid_case_calendars = calendars()
    return request._grid_case_calendars


# Queue column classes (static/grid_cases/admin/queue.css).
NOWRAP = "grid-cases-col-nowrap"
KEEP = "grid-cases-col-keep"


class DueColumn(DateColumn):
    """The resolution deadline as a date (it lies ahead, so "x ago" would mislead) and as
    working time left, flagged when an open case is past it; a missed first response is
    flagged apart. Finished cases have none."""

    cell_template_name = "grid_cases/admin/due_cell.html"

    class Media:
        # The queue's column styles (Wagtail adds a table's column media to the listing).
        css = {"all": ["grid_cases/admin/queue.css"]}

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        now = parent_context.get("now")
        shared = parent_context.get("calendars") or request_calendars(parent_context["request"])
        calendar = shared[instance.category.clock_stops_in_closures]
        context["is_open"] = instance.is_open
        context["overdue"] = instance.is_overdue(now)
        context["time_left"] = instance.time_left(now, calendar)
        context["response_overdue"] = instance.is_response_overdue(now)
        return context


class CaseIndexView(IndexView):
    """The queue: cases in the user's part of the grid, newest first."""

    any_permission_required = ["view"]
    default_ordering = "-submitted_at"
    page_title = _("Case queue")
    detail_url_name = None
    # Ordering keys to the columns they sort by, each followed by ``pk`` for stable pages. Every
    # ordering is read from an index (models.Case.Meta.indexes), never sorted: the deadline sort
    # puts finished cases (no deadline any more) after the open ones either way, and the status
    # sort follows the loop (new, accepted, in progress, resolved, closed, rejected); both
    # through columns the database derives from the status.
    ORDERINGS = {"submitted_at": ("submitted_at",), "due_at": ("finished", "due_at"), "status": ("status_order",)}
    # Orderings whose first key is a rank of a few values: paged group by group (pagination.py).
    GROUPED = {"due_at", "status"}
    # Non-empty so Wagtail offers its export buttons; the rows come from ``ledger``, not from here.
    list_export = ["code"]
    results_template_name = "grid_cases/admin/queue_results.html"
    paginator_class = pagination.DeferredJoinPaginator  # page numbers (old links) without OFFSET's joins

    def get_base_queryset(self):
        return scope.visible_cases(self.request.user, Case.objects.for_list())

    def get_paginate_by(self, queryset):
        if self.is_export:  # the ledger holds every case of the filter, not one page
            return None
        return conf.get("QUEUE_PAGE_SIZE")

    def paginate_queryset(self, queryset, page_size):
        # By cursor, so deep pages cost what the first does (pagination.py).
        grouped = len(self._ordering_keys) > 1 and self._ordering_name in self.GROUPED
        return pagination.paginate(
            self.request, queryset, page_size, super().paginate_queryset,
            grouped=grouped, count_limit=conf.get("QUEUE_COUNT_LIMIT"),
        )

    def get_valid_orderings(self):
        return [prefix + key for key in self.ORDERINGS for prefix in ("", "-")]

    @property
    def _ordering_name(self):
        return (self.ordering or self.default_ordering).lstrip("-")

    @cached_property
    def _ordering_keys(self):
        keys = self.ORDERINGS[self._ordering_name]
        if keys[0] == "finished" and self._one_stage():
            return keys[1:]  # the rank is the same for every row: the status filter's index serves
        return keys

    def _one_stage(self):
        """Whether the status filter keeps only open, or only finished, cases."""
        if not (self.filters and self.filters.is_valid()):
            return False
        statuses = set(self.filters.form.cleaned_data.get("status") or ())
        return bool(statuses) and (statuses <= set(OPEN_STATUSES) or statuses <= set(FINISHED_STATUSES))

    def order_queryset(self, queryset):
        prefix = "-" if (self.ordering or self.default_ordering).startswith("-") else ""
        keys = [key if key == "finished" else prefix + key for key in self._ordering_keys]
        return queryset.order_by(*keys, prefix + "pk")

    def search_queryset(self, queryset):
        """A tracking code (any spelling ``normalise_case_code`` forgives) hits the unique index;
        anything else is looked for in the text and the place, within the filtered cases."""
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        code = normalise_case_code(query)
        if code and Case.objects.filter(code=code).exists():
            return queryset.filter(code=code)
        text = Q(description__icontains=query) | Q(place_label__icontains=query)
        start = partial_case_code(query)
        return queryset.filter(text | Q(code__startswith=start) if start else text)

    @cached_property
    def columns(self):
        detail = self.detail_url_name
        return [
            TitleColumn(
                "code",
                label=_("Tracking code"),
                accessor="display_code",
                get_url=lambda case: reverse(detail, args=[case.pk]),
                classname=NOWRAP,
            ),
            Column("status", label=_("Status"), accessor="get_status_display", sort_key="status", classname=NOWRAP),
            Column("kind", label=_("Type"), accessor="get_kind_display", classname=NOWRAP),
            Column("category", label=_("Matter"), accessor="category.name", classname=KEEP),
            Column("place_label", label=_("Place"), classname=KEEP),
            Column("summary", label=_("Description"), classname="grid-cases-col-text"),
            Column("assignee", label=_("Assigned to"), accessor="assignee.name", classname=KEEP),
            DateColumn("submitted_at", label=_("Submitted"), sort_key="submitted_at", classname=NOWRAP),
            DueColumn("due_at", label=_("Resolution due"), sort_key="due_at", classname="grid-cases-col-due"),
        ]

    def get_list_buttons(self, instance):
        return []

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """The ledger (台账) of the filtered, scoped cases; ``?history=1`` adds the public history."""
        history = self.request.GET.get("history") == "1"
        export = ledger.csv_response if spreadsheet_format == self.FORMAT_CSV else ledger.xlsx_response
        return export(queryset, timezone.now(), history=history)

    def get_export_url(self, format, history=False):
        # From the index or its results fragment alike: the current filters, any page.
        params = self.request.GET.copy()
        for key in (self.page_kwarg, "_w_filter_fragment", "history"):
            params.pop(key, None)
        params["export"] = format
        if history:
            params["history"] = "1"
        return reverse(self.index_url_name) + "?" + params.urlencode()

    @property
    def export_links(self):
        """The ledger downloads under the filters, in the results (refreshed with them)."""
        return [
            (self.get_export_url("xlsx"), _("Ledger (XLSX)")),
            (self.get_export_url("csv"), _("Ledger (CSV)")),
            (self.get_export_url("xlsx", history=True), _("Ledger with public history (XLSX)")),
            (self.get_export_url("csv", history=True), _("Ledger with public history (CSV)")),
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["now"] = timezone.now()
        context["calendars"] = request_calendars(self.request)
        return context


# The case page and its actions -------------------------------------------------------------


class CaseDetailView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Everything about one case, its history and the actions valid for its status.

    Out of the user's scope the case does not exist (404), so codes cannot be probed.
    """

    model = Case
    any_permission_required = ["view"]
    template_name = "grid_cases/admin/case_detail.html"
    index_url_name = None
    detail_url_name = None
    action_url_name = None
    photo_url_name = None
    header_icon = "clipboard-list"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pk = kwargs["pk"]

    def get_object(self):
        case = get_object_or_404(
            Case.objects.for_list().select_related("room", "handling_node", "duplicate_of", "handling_department"),
            pk=self.pk,
        )
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "view", case):
            raise Http404
        return case

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data())

    def get_page_title(self):
        return gettext("Case")

    def get_page_subtitle(self):
        return self.object.display_code

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": gettext("Case queue")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_action_forms(self, bound=None):
        """(action, form) for each action offered on the case; ``bound`` replaces its unbound twin."""
        case = self.object
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", case):
            return []
        result = []
        for action in QUEUE_ACTIONS.values():
            if not action.offered(case):
                continue
            if bound is not None and bound.prefix == action.name:
                form = bound
            else:
                form = action.form_class(case=case, user=self.request.user)
            url = reverse(self.action_url_name, args=[case.pk, action.name])
            result.append((action, form, url))
        return result

    def get_context_data(self, bound=None, **kwargs):
        context = super().get_context_data(**kwargs)
        case = self.object
        user = self.request.user
        events = list(case.events.all())
        photos = list(case.photos.all())
        action_forms = self.get_action_forms(bound)
        now = timezone.now()
        calendar = calendars()[case.category.clock_stops_in_closures]
        media = None
        for _action, form, _url in action_forms:
            media = form.media if media is None else media + form.media
        context.update(
            {
                "case": case,
                "events": events,
                "photos": [(p, reverse(self.photo_url_name, args=[p.pk])) for p in photos],
                "handlers": routing.handlers(case),
                "show_contact": scope.can_see_contact(user, case),
                "overdue": case.is_overdue(now),
                "time_left": case.time_left(now, calendar),
                "response_overdue": case.is_response_overdue(now),
                "response_time_left": case.response_time_left(now, calendar),
                "response_met": case.response_deadline_met,
                "resolution_met": case.resolution_deadline_met,
                "edited": case.description != case.original_description,
                "extra_answers": list((case.extra_answers or {}).items()),
                "action_forms": action_forms,
                "reply_templates": {
                    str(t.pk): t.text for a, _f, _u in action_forms if a.name == "reply" for t in admin_forms.templates_for(case)
                },
                "index_url": reverse(self.index_url_name),
                "public_answer": answers.published_answer(case),
                "media": media,
            }
        )
        return context


class CaseActionView(CaseDetailView):
    """POST one action; success goes back to the case page, a refusal re-shows it with the typed text."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = case = self.get_object()
        if not self.permission_policy.user_has_permission_for_instance(request.user, "change", case):
            raise PermissionDenied
        action = QUEUE_ACTIONS.get(kwargs["action"])
        if action is None:
            raise Http404
        form = action.form_class(request.POST, case=case, user=request.user)
        if form.is_valid():
            try:
                action.service(case, request.user, **form.service_kwargs())
            except services.CaseChanged as error:
                messages.error(request, error.message)
                self.object = self.get_object()
                # Keep what the user typed, against the latest version, so they can send it again.
                data = request.POST.copy()
                data[f"{form.prefix}-version"] = str(self.object.version)
                form = action.form_class(data, case=self.object, user=request.user)
                return self.render_to_response(self.get_context_data(bound=form), status=409)
            except services.CaseError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error.message)
                if not action.offered(self.object):  # its form is not on the page to show the error
                    messages.error(request, error.message)
            else:
                messages.success(request, action.done % {"code": case.display_code})
                return redirect(self.after_action_url(case, action))
        messages.error(request, gettext("The action was not done: see the form below."))
        return self.render_to_response(self.get_context_data(bound=form), status=200)


    def after_action_url(self, case, action):
        """The case page at the action's place, not its top: the same form when the action is
        still offered (another reply, another note), else the actions (the next step)."""
        case = Case.objects.get(pk=case.pk)  # as the service left it
        anchor = f"case-action-{action.name}" if action.offered(case) else "case-actions"
        return f"{reverse(self.detail_url_name, args=[case.pk])}#{anchor}"


class CasePhotoView(PermissionCheckedMixin, View):
    """A case photo, streamed to those who may see the case; the files are not public."""

    model = Case
    any_permission_required = ["view"]

    def get(self, request, pk):
        photo = get_object_or_404(CasePhoto.objects.select_related("case"), pk=pk)
        if not self.permission_policy.user_has_permission_for_instance(request.user, "view", photo.case):
            raise Http404
        return private_photo_response(photo.image)


# The viewset -------------------------------------------------------------------------------


class CaseQueueMenuItem(MenuItem):
    """The queue's menu item, shown to those with a queue, with the number of new cases in it."""

    def is_shown(self, request):
        return scope.can_use_queue(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        count = scope.visible_cases(request.user).filter(status=CaseStatus.NEW).count()
        if count:
            component.label = f"{self.label} ({count})"
        return component


class CaseViewSet(ModelViewSet):
    model = Case
    name = "grid_cases_queue"
    url_prefix = "cases/queue"
    icon = "clipboard-list"
    menu_label = _("Case queue")
    menu_item_class = CaseQueueMenuItem
    index_view_class = CaseIndexView
    filterset_class = CaseFilterSet
    detail_view_class = CaseDetailView
    action_view_class = CaseActionView
    photo_view_class = CasePhotoView
    search_fields = ["description", "place_label"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        # No add, edit, delete, history or usage views: cases change only through services.
        for name in ("add_url_name", "edit_url_name", "delete_url_name", "history_url_name", "usage_url_name"):
            view_kwargs[name] = None
        return view_kwargs

    def get_index_view_kwargs(self, **kwargs):
        kwargs = super().get_index_view_kwargs(**kwargs)
        kwargs["detail_url_name"] = self.get_url_name("detail")
        kwargs.pop("list_export", None)
        return kwargs

    def _case_view_kwargs(self):
        return {
            "index_url_name": self.get_url_name("index"),
            "detail_url_name": self.get_url_name("detail"),
            "action_url_name": self.get_url_name("action"),
            "photo_url_name": self.get_url_name("photo"),
        }

    @property
    def detail_view(self):
        return self.detail_view_class.as_view(**self._case_view_kwargs())

    @property
    def action_view(self):
        return self.action_view_class.as_view(**self._case_view_kwargs())

    @property
    def photo_view(self):
        return self.photo_view_class.as_view()

    @cached_property
    def url_finder_class(self):
        return type("CaseAdminURLFinder", (ModelAdminURLFinder,), {"edit_url_name": self.get_url_name("detail")})

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.detail_view, name="detail"),
            path("<int:pk>/act/<slug:action>/", self.action_view, name="action"),
            path("photos/<int:pk>/", self.photo_view, name="photo"),
        ]


def case_counts(user):
    """New and overdue cases in the user's part of the grid (two counts), for the dashboard."""
    visible = scope.visible_cases(user)
    return {
        "new": visible.filter(status=CaseStatus.NEW).count(),
        "overdue": visible.overdue(timezone.now()).count(),
        "response_overdue": visible.response_overdue(timezone.now()).count(),
    }

