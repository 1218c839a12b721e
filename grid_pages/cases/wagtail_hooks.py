"""Admin wiring of the cases app: the moderation queue, the matter list and reply templates."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column, LocaleColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import reception_cases, scope, sections  # noqa: F401  (sections registers the grid page sections)
from .admin_dashboard import CaseDashboardViewSet
from .models import Case, CaseCategory, Department, LevelDeadline, ReplyTemplate
from .viewsets import CasePermissionPolicy, CaseViewSet, OfficeEditsPermissionPolicy, case_counts

# Before any view asks for them, or Wagtail would make model-permission fallbacks.
register_permission_policy(Case, CasePermissionPolicy(Case))
register_permission_policy(CaseCategory, OfficeEditsPermissionPolicy(CaseCategory))
register_permission_policy(ReplyTemplate, OfficeEditsPermissionPolicy(ReplyTemplate))
register_permission_policy(Department, OfficeEditsPermissionPolicy(Department))
register_permission_policy(LevelDeadline, OfficeEditsPermissionPolicy(LevelDeadline))


class CaseCategoryViewSet(SnippetViewSet):
    model = CaseCategory
    icon = "list-ul"
    menu_label = _("Matter list")
    list_display = [
        "name",
        LocaleColumn(),  # translations only rename a matter; its rules are the default language's
        Column("kind", label=_("Type"), accessor="get_kind_display"),
        Column("handling_level", label=_("Handled by"), accessor="get_handling_level_display"),
        Column("response_time", label=_("First response within"), accessor="response_deadline_label"),
        Column("resolution_time", label=_("Resolution within"), accessor="resolution_deadline_label"),
        Column("department", label=_("Department"), accessor="department.name"),
        BooleanColumn("active", label=_("Offered to students")),
    ]
    list_filter = ["kind", "handling_level", "active"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["kind", "sort_order", "pk"]

    def get_queryset(self, request):
        return CaseCategory.objects.select_related("department", "locale")


class DepartmentViewSet(SnippetViewSet):
    """Functional departments (后勤保障处, 保卫处, 教务处…): the level above the office."""

    model = Department
    icon = "group"
    menu_label = _("Functional departments")
    list_display = ["name", "phone", "email"]
    search_fields = ["name"]
    search_backend_name = None


class LevelDeadlineViewSet(SnippetViewSet):
    """The fresh deadlines of a level a case is referred to."""

    model = LevelDeadline
    icon = "time"
    menu_label = _("Deadlines after referral")
    list_display = [
        Column("level", label=_("Level"), accessor="get_level_display"),
        Column("response_time", label=_("First response within"), accessor="response_deadline_label"),
        Column("resolution_time", label=_("Resolution within"), accessor="resolution_deadline_label"),
    ]


class ReplyTemplateViewSet(SnippetViewSet):
    model = ReplyTemplate
    icon = "openquote"
    menu_label = _("Reply templates")
    list_display = [
        "title",
        Column("kind", label=_("Type"), accessor="get_kind_display"),
        Column("category", label=_("Matter"), accessor="category.name"),
    ]
    list_filter = ["kind"]
    search_fields = ["title", "text"]
    search_backend_name = None

    def get_queryset(self, request):
        return ReplyTemplate.objects.select_related("category")


class CasesViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Cases")
    menu_icon = "clipboard-list"
    menu_order = 205
    items = (
        CaseViewSet,
        CaseDashboardViewSet,
        CaseCategoryViewSet,
        ReplyTemplateViewSet,
        DepartmentViewSet,
        LevelDeadlineViewSet,
    )


register_snippet(CasesViewSetGroup)


class CasesPanel(Component):
    """New and overdue cases in the user's part of the grid, on the admin home."""

    name = "grid_cases"
    template_name = "grid_cases/admin/dashboard_panel.html"
    order = 90

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["counts"] = case_counts(self.user)
        return context


@hooks.register("construct_homepage_panels")
def add_cases_panel(request, panels):
    if scope.can_use_queue(request.user):
        panels.append(CasesPanel(request.user))


@hooks.register("filter_form_submissions_for_user")
def hide_intake_pages_from_forms(user, editable_forms):
    # Intake pages keep no form submissions (each one is a case): listing them under Forms with
    # nothing in them would suggest reports were lost. Their answers live in the case queue.
    from .models import RepairRequestPage, SuggestionBoxPage

    return editable_forms.not_type(SuggestionBoxPage, RepairRequestPage)


if reception_cases.reception_installed():
    # Reception days, when installed, may record a student's matter as a case from the booking.

    @hooks.register("register_admin_urls")
    def register_reception_case_urls():
        urls = [path("<int:booking_pk>/", reception_cases.record_case, name="record")]
        return [path("cases/from-booking/", include((urls, "grid_cases_reception")))]

    @hooks.register("grid_reception_booking_actions")
    def reception_booking_cases(request, session, bookings):
        return reception_cases.booking_case_links(request, session, bookings)
