"""Cases: what students report through the suggestion box (意见箱) and repair requests (报修).

A ``Case`` is changed only by ``services``; every change appends a ``CaseEvent``. The matter
list (网格服务管理事项清单) is the ``CaseCategory`` snippet: each matter says which grid level
handles it and within how many days. The intake pages are form-builder pages whose request
handling lives in ``intake.IntakePageMixin``.
"""

import secrets
import unicodedata
import uuid

import swapper
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField, FormMixin
from wagtail.fields import RichTextField
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index

from grid_pages.conf import get_page_model
from grid_pages.extensions import COMMUNITY, parent_types
from grid_pages.models import Room, StaffMember
from grid_pages.slugs import AsciiSlugMixin
from grid_pages.translations import TextTranslation, TranslatedTextsMixin, translation_language

from .intake import IntakePageMixin

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")
# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()

# Tracking codes: 8 symbols from 31 (no 0/O, 1/I/L), about 8.5e11 codes: short, unguessable
# behind the rate limit, and easy to read aloud. Shown as ABCD-EFGH.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_case_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_case_code(text):
    """What a student typed or read aloud -> a stored code, or "" if it cannot be one.

    Full-width characters, lower case, spaces and dashes are forgiven.
    """
    text = unicodedata.normalize("NFKC", str(text or ""))[:40].upper()
    code = "".join(c for c in text if c.isalnum())
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return ""
    return code


def partial_case_code(text):
    """The first four or more symbols of a code as staff type them ("RTBG", "rtbg-m"), or ""."""
    text = unicodedata.normalize("NFKC", str(text or ""))[:40].upper()
    code = "".join(c for c in text if c.isalnum())
    if not CODE_LENGTH // 2 <= len(code) < CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return ""
    return code


def format_case_code(code):
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


class CaseKind(models.TextChoices):
    REPAIR = "repair", _("Repair request")
    SUGGESTION = "suggestion", _("Suggestion")


class CaseStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("case status", "New")  # not Wagtail's "New" (新建)
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")


OPEN_STATUSES = (CaseStatus.NEW, CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS)
FINISHED_STATUSES = (CaseStatus.RESOLVED, CaseStatus.CLOSED, CaseStatus.REJECTED)


class CaseRating(models.TextChoices):
    """The student's rating of a result (跟踪问效)."""

    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class HandlingLevel(models.TextChoices):
    """Who handles a matter, from the floor up: what a level cannot solve goes to the next."""

    FLOOR = "floor", _("Floor")
    BUILDING = "building", _("Building")
    COMMUNITY = "community", _("Community")
    OFFICE = "office", _("Student-affairs office")
    DEPARTMENT = "department", _("Functional department")


LEVEL_ORDER = [
    HandlingLevel.FLOOR,
    HandlingLevel.BUILDING,
    HandlingLevel.COMMUNITY,
    HandlingLevel.OFFICE,
    HandlingLevel.DEPARTMENT,
]


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")


def deadline_after(start, amount, unit, closures=False, calendar=None):
    """``start`` plus ``amount`` working days or hours of the working calendar."""
    from grid_pages.workcalendar import WorkCalendar

    calendar = calendar or WorkCalendar(closures)
    if unit == DeadlineUnit.WORKING_HOURS:
        return calendar.add_working_hours(start, amount)
    return calendar.add_working_days(start, amount)


def deadline_label(amount, unit):
    from django.utils.translation import ngettext

    if unit == DeadlineUnit.WORKING_HOURS:
        return ngettext("%(n)d working hour", "%(n)d working hours", amount) % {"n": amount}
    return ngettext("%(n)d working day", "%(n)d working days", amount) % {"n": amount}


class DeadlinesMixin:
    @property
    def response_deadline_label(self):
        return deadline_label(self.response_time, self.response_unit)

    @property
    def resolution_deadline_label(self):
        return deadline_label(self.resolution_time, self.resolution_unit)


class Department(TranslatedTextsMixin, ClusterableModel):
    """A functional department (后勤保障处, 保卫处, 教务处…) that cases are referred to above the office.

    One row whatever the language (cases and matters point to it); its name may be given in
    other languages (``translations``).
    """

    translated_fields = ("name",)

    name = models.CharField(_("department name"), max_length=80, unique=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True, help_text=_("Where referred cases are announced."))
    staff = models.ManyToManyField(
        StaffMember,
        verbose_name=_("contacts"),
        blank=True,
        related_name="departments",
        help_text=_("People of the department who are told about its cases (by their e-mail)."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("staff"),
        FieldPanel("sort_order"),
        InlinePanel(
            "translations",
            heading=_("Translations"),
            label=_("translation"),
            help_text=_("The name in another language; left empty, pages show it as above."),
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("functional department")
        verbose_name_plural = _("functional departments")
        ordering = ["sort_order", "name", "pk"]

    def __str__(self):
        return self.name


class DepartmentTranslation(TextTranslation):
    """A department's name in one other language."""

    department = ParentalKey(Department, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(_("department name"), max_length=80, blank=True)

    panels = [TextTranslation.locale_panel, FieldPanel("name")]

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["department", "locale"], name="grid_cases_one_department_translation_per_language")
        ]


def department_name(department_id, name):
    """A department's ``name`` (as kept on a case) in the active language, when translated."""
    language = translation_language()
    if department_id and language:
        translated = (
            DepartmentTranslation.objects.filter(department_id=department_id, locale__language_code=language)
            .exclude(name="")
            .values_list("name", flat=True)
            .first()
        )
        if translated:
            return translated
    return name


class LevelDeadline(DeadlinesMixin, models.Model):
    """The fresh deadlines a case gets when it is referred to a level (not its matter's own level).

    Without a row for the level the matter's deadlines apply again.
    """

    level = models.CharField(_("level"), max_length=20, choices=HandlingLevel.choices, unique=True)
    response_time = models.PositiveSmallIntegerField(_("first response within"), default=1)
    response_unit = models.CharField(
        _("unit"), max_length=20, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING_DAYS
    )
    resolution_time = models.PositiveSmallIntegerField(_("resolution within"), default=5)
    resolution_unit = models.CharField(
        _("unit"), max_length=20, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING_DAYS
    )

    panels = [
        FieldPanel("level"),
        FieldRowPanel([FieldPanel("response_time"), FieldPanel("response_unit")]),
        FieldRowPanel([FieldPanel("resolution_time"), FieldPanel("resolution_unit")]),
    ]

    class Meta:
        verbose_name = _("deadline after referral")
        verbose_name_plural = _("deadlines after referral")
        ordering = ["level"]

    def __str__(self):
        return str(HandlingLevel(self.level).label)


class CaseCategory(DeadlinesMixin, TranslatableMixin, models.Model):
    """A matter of the grid's service list: its name, the level that handles it and the deadline.

    Cases always point to the row in the default locale; translations only rename it.
    """

    kind = models.CharField(_("type"), max_length=20, choices=CaseKind.choices)
    name = models.CharField(_("matter name"), max_length=40)
    handling_level = models.CharField(
        _("handled by"), max_length=20, choices=HandlingLevel.choices, default=HandlingLevel.FLOOR
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matters",
        help_text=_("The functional department that handles this matter, or that it is referred to last."),
    )
    # Deadlines at the matter's own level, in the working calendar (see grid_pages.workcalendar).
    response_time = models.PositiveSmallIntegerField(_("first response within"), default=1)
    response_unit = models.CharField(
        _("unit"), max_length=20, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING_DAYS
    )
    resolution_time = models.PositiveSmallIntegerField(_("resolution within"), default=3)
    resolution_unit = models.CharField(
        _("unit"), max_length=20, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING_DAYS
    )
    clock_stops_in_closures = models.BooleanField(
        _("clock stops in closures"),
        default=False,
        help_text=_("Vacations and other closures of the working calendar do not count (e.g. for teaching matters)."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    active = models.BooleanField(_("offered to students"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("handling_level"), FieldPanel("department")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("response_time"), FieldPanel("response_unit")]),
                FieldRowPanel([FieldPanel("resolution_time"), FieldPanel("resolution_unit")]),
                FieldPanel("clock_stops_in_closures"),
            ],
            heading=_("Deadlines"),
        ),
        FieldRowPanel([FieldPanel("active"), FieldPanel("sort_order")]),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("kind")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("matter")
        verbose_name_plural = _("matter list")
        ordering = ["kind", "sort_order", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.name}"

    def clean(self):
        super().clean()
        for field in ("response_time", "resolution_time"):
            if getattr(self, field) is not None and not 1 <= getattr(self, field) <= 365:
                raise ValidationError({field: _("Give between 1 and 365.")})
        if self.handling_level == HandlingLevel.DEPARTMENT and not self.department_id:
            raise ValidationError({"department": _("Name the department that handles this matter.")})

    @property
    def label(self):
        """The name in the active language (the translation, when there is one)."""
        return self.localized.name

    # What routes a case. Cases point to the default-locale row, so these live there only:
    # a translation copies them (editing them on a translation would change nothing).
    RULE_FIELDS = (
        "kind",
        "handling_level",
        "department",
        "response_time",
        "response_unit",
        "resolution_time",
        "resolution_unit",
        "clock_stops_in_closures",
        "active",
        "sort_order",
    )

    def save(self, *args, **kwargs):
        default = Locale.get_default()
        source = None
        if self.locale_id and self.locale_id != default.pk:
            source = CaseCategory.objects.filter(translation_key=self.translation_key, locale=default).first()
            for name in self.RULE_FIELDS if source else ():
                setattr(self, name, getattr(source, name))
        super().save(*args, **kwargs)
        if self.locale_id == default.pk:
            rules = {name: getattr(self, name) for name in self.RULE_FIELDS}
            CaseCategory.objects.filter(translation_key=self.translation_key).exclude(pk=self.pk).update(**rules)


class ReplyTemplate(models.Model):
    """A ready public reply staff pick in the queue, for one matter or for all of a type."""

    kind = models.CharField(_("type"), max_length=20, choices=CaseKind.choices, blank=True)
    category = models.ForeignKey(
        CaseCategory,
        verbose_name=_("matter"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reply_templates",
        help_text=_("Leave empty to offer it for every matter of the type."),
    )
    title = models.CharField(_("title"), max_length=60)
    text = models.TextField(_("text"), max_length=2000)

    panels = [FieldPanel("kind"), FieldPanel("category"), FieldPanel("title"), FieldPanel("text")]
    search_fields = [index.SearchField("title"), index.SearchField("text")]

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


# The loop's order of the statuses (CaseStatus lists them in it), as the database computes it.
STATUS_ORDER = models.Case(
    *[models.When(status=status, then=models.Value(i)) for i, status in enumerate(CaseStatus)],
    default=models.Value(99),
    output_field=models.PositiveSmallIntegerField(),
)
# 1 for a finished case, 0 for an open one: an integer, not a boolean, because Django writes
# ``finished=False`` as ``NOT finished``, which SQLite cannot read from an index.
IS_FINISHED = models.Case(
    models.When(status__in=FINISHED_STATUSES, then=models.Value(1)),
    default=models.Value(0),
    output_field=models.PositiveSmallIntegerField(),
)


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, now=None):
        """Open past the resolution deadline of their current level."""
        return self.open().filter(due_at__lt=now or timezone.now())

    def response_overdue(self, now=None):
        """Open, not yet responded to, past the first-response deadline."""
        return self.open().filter(first_response_at__isnull=True, response_due_at__lt=now or timezone.now())

    def for_list(self):
        return self.select_related("category", "assignee", "community", "building", "floor")


class Case(models.Model):
    code = models.CharField(_("tracking code"), max_length=CODE_LENGTH, unique=True, default=new_case_code)
    kind = models.CharField(_("type"), max_length=20, choices=CaseKind.choices)
    category = models.ForeignKey(
        CaseCategory, verbose_name=_("matter"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)

    # Where: the room (kept: PROTECT) and the grid nodes above it, with a text snapshot that
    # survives renaming. A suggestion may name a building only.
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    place_label = models.CharField(_("place"), max_length=200, blank=True)
    floor = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("floor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    building = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("building"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    community = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("community"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Who handles it: the level from the matter list (escalation moves it up) and the grid
    # page of that level; office and department levels have no page.
    handling_level = models.CharField(_("handling level"), max_length=20, choices=HandlingLevel.choices)
    handling_node = models.ForeignKey(
        PAGE_MODEL,
        verbose_name=_("responsible grid node"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The department's name when the case was referred there (kept if the row is renamed or gone).
    department = models.CharField(_("department"), max_length=80, blank=True)
    handling_department = models.ForeignKey(
        Department,
        verbose_name=_("functional department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    assignee = models.ForeignKey(
        StaffMember,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )

    # What the student wrote: ``original_description`` is never changed; staff may edit
    # ``description`` for publication (the edit is logged).
    description = models.TextField(_("description"))
    original_description = models.TextField(_("original description"), editable=False)
    extra_answers = models.JSONField(_("other answers"), default=dict, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    contact_name = models.CharField(_("name"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    source_page = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("submitted on"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What a case recorded by staff came from, as "app_label.model:pk" (e.g. a reception-day
    # booking); empty for what a student submitted.
    origin = models.CharField(_("recorded from"), max_length=60, blank=True, db_index=True, editable=False)
    # The intake form's one-time token: a resubmitted form finds its case instead of making another.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    # Deadlines of the current level (each referral starts fresh ones): the first response
    # (受理/答复) and the resolution (办结). ``first_response_at`` is when staff first answered.
    response_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    due_at = models.DateTimeField(_("feedback due"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    # When to remind the handlers before each deadline; cleared once the reminder is sent.
    response_remind_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolution_remind_at = models.DateTimeField(null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    resolution = models.TextField(_("result"), blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0)
    # The student's rating of the last result (跟踪问效), given on the tracking page.
    rating = models.CharField(_("rating"), max_length=20, choices=CaseRating.choices, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    # Closed because the student did not answer the follow-up in time (counted apart).
    followup_expired = models.BooleanField(_("follow-up unanswered"), default=False)
    # Optimistic concurrency: every change bumps it; an action sent with an older value is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The queue's sort keys derived from the status, kept by the database itself (no writer can
    # forget them, bulk and queryset updates included) so that indexes can hold them: the
    # status's place in the loop (the status sort) and whether the case is finished (the
    # deadline sort puts finished cases after the open ones). See docs/performance.md.
    status_order = models.GeneratedField(
        expression=STATUS_ORDER, output_field=models.PositiveSmallIntegerField(), db_persist=True, editable=False
    )
    finished = models.GeneratedField(
        expression=IS_FINISHED, output_field=models.PositiveSmallIntegerField(), db_persist=True, editable=False
    )

    objects = CaseQuerySet.as_manager()

    search_fields = [
        index.SearchField("code"),
        index.SearchField("description"),
        index.SearchField("place_label"),
        index.FilterField("status"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-submitted_at"], name="case_status_submitted"),
            models.Index(fields=["community", "status"], name="case_community_status"),
            models.Index(fields=["building", "status"], name="case_building_status"),
            models.Index(fields=["floor", "status"], name="case_floor_status"),
            models.Index(fields=["assignee", "status"], name="case_assignee_status"),
            models.Index(fields=["status", "due_at"], name="case_status_due"),
            models.Index(fields=["status", "response_due_at"], name="case_status_response_due"),
            models.Index(fields=["kind", "category"], name="case_kind_category"),
            models.Index(fields=["resolution_remind_at"], name="case_resolution_remind"),
            models.Index(fields=["response_remind_at"], name="case_response_remind"),
            # The queue's default order, read as a range by its keyset pages (pagination.py).
            models.Index(fields=["-submitted_at", "-id"], name="case_submitted"),
            models.Index(fields=["building", "-submitted_at", "-id"], name="case_building_submitted"),
            # The broad filters in that order, and the deadline and status sorts (each key then pk).
            models.Index(fields=["community", "-submitted_at", "-id"], name="case_community_submitted"),
            models.Index(fields=["kind", "-submitted_at", "-id"], name="case_kind_submitted"),
            models.Index(fields=["category", "-submitted_at", "-id"], name="case_category_submitted"),
            models.Index(fields=["assignee", "-submitted_at", "-id"], name="case_assignee_submitted"),
            models.Index(fields=["finished", "due_at", "id"], name="case_finished_due"),
            models.Index(fields=["finished", "-due_at", "-id"], name="case_finished_due_desc"),
            models.Index(fields=["status_order", "id"], name="case_status_order"),
        ]
        permissions = [("handle_case", "Can handle cases")]

    def __str__(self):
        return format_case_code(self.code)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The database recomputed the generated columns: read them again when asked, not stale.
        for name in ("status_order", "finished"):
            self.__dict__.pop(name, None)

    @property
    def display_code(self):
        return format_case_code(self.code)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_overdue(self, now=None):
        """Past the resolution deadline and still open."""
        return self.is_open and self.due_at is not None and self.due_at < (now or timezone.now())

    is_resolution_overdue = is_overdue

    def is_response_overdue(self, now=None):
        """Still waiting for a first response past its deadline."""
        return (
            self.is_open
            and self.first_response_at is None
            and self.response_due_at is not None
            and self.response_due_at < (now or timezone.now())
        )

    @property
    def response_deadline_met(self):
        """True/False once answered (or past the deadline unanswered), None while pending."""
        if self.response_due_at is None:
            return None
        if self.first_response_at is not None:
            return self.first_response_at <= self.response_due_at
        return False if self.response_due_at < timezone.now() else None

    @property
    def resolution_deadline_met(self):
        """True/False once resolved (or past the deadline unresolved), None while pending."""
        if self.due_at is None:
            return None
        if self.resolved_at is not None:
            return self.resolved_at <= self.due_at
        if self.is_open and self.due_at < timezone.now():
            return False
        return None

    @property
    def summary(self):
        text = " ".join(self.description.split())
        return text if len(text) <= 40 else text[:39] + "…"

    @property
    def contact_hidden(self):
        """Anonymous suggestions never show who sent them, to anyone."""
        return self.anonymous

    def time_left(self, now=None, calendar=None):
        """The resolution deadline as "2 working days left" / "overdue by 3 working hours"."""
        from grid_pages.workcalendar import WorkCalendar

        if not self.is_open or self.due_at is None:
            return ""
        return (calendar or WorkCalendar()).time_left(self.due_at, now or timezone.now())

    def response_time_left(self, now=None, calendar=None):
        """The first-response deadline in the same words, while nobody has responded."""
        from grid_pages.workcalendar import WorkCalendar

        if not self.is_open or self.first_response_at is not None or self.response_due_at is None:
            return ""
        return (calendar or WorkCalendar()).time_left(self.response_due_at, now or timezone.now())


class CaseEventQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError(_("Case history cannot be deleted."))

    def update(self, **kwargs):
        raise ValidationError(_("Case history cannot be changed."))

    def public(self):
        return self.filter(public=True)


class CaseEvent(models.Model):
    """One entry of a case's append-only history: who did what, when, and the status before and after."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        ASSIGNED = "assigned", _("Assigned")
        STARTED = "started", _("Work started")
        REPLIED = "replied", _("Public reply")
        NOTE = "note", _("Internal note")
        EDITED = "edited", _("Text edited for publication")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        REOPENED = "reopened", _("Reopened")
        DUPLICATE = "duplicate", _("Marked as duplicate")
        ESCALATED = "escalated", _("Escalated")
        REFERRED = "referred", _("Referred")
        # The yes/no answer of earlier versions, kept for old history rows.
        CONFIRMED = "confirmed", _("Result confirmed by the student")
        NOT_SOLVED = "not_solved", _("The student says it is not solved")
        RATED = "rated", _("Rated by the student")
        FOLLOWUP_EXPIRED = "followup_expired", _("Closed without the student's rating")
        PUBLISHED = "published", _("Published as a public answer")
        UNPUBLISHED = "unpublished", _("Public answer removed")
        REMINDED = "reminded", _("Deadline reminder sent")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text so the history still says who it was after the account is gone.
    actor_name = models.CharField(_("who"), max_length=150, blank=True)
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("old status"), max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("new status"), max_length=20, choices=CaseStatus.choices, blank=True)
    public = models.BooleanField(_("shown to the student"), default=False)
    text = models.TextField(_("text"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case history entry")
        verbose_name_plural = _("case history")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="case_event_case_created")]

    def __str__(self):
        return f"{self.case} {self.get_action_display()}"

    # What the student does themselves: sending the case and answering on the tracking page.
    STUDENT_ACTIONS = (Action.SUBMITTED, Action.CONFIRMED, Action.NOT_SOLVED, Action.RATED)

    @property
    def rating_label(self):
        """The rating a ``RATED`` entry records, in the reader's language ("" for other entries)."""
        value = (self.data or {}).get("rating") if self.action == self.Action.RATED else None
        return CaseRating(value).label if value in CaseRating.values else ""

    @property
    def who(self):
        """Who did it, for the history: the staff member's stored name, else "Student" or
        "System" in the reader's language."""
        if self.actor_name:
            return self.actor_name
        return _("Student") if self.action in self.STUDENT_ACTIONS else _("System")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Case history cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Case history cannot be deleted."))


def case_photo_path(instance, filename):
    # Random names: nothing of the student's file name or the case code leaks into storage.
    return f"cases/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


def case_photo_storage():
    from django.core.files.storage import storages

    from . import conf

    return storages[conf.get("PHOTO_STORAGE")]


class CasePhoto(models.Model):
    """A photo sent with a case, re-encoded as JPEG without its metadata. Served only through views."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=case_photo_path, storage=case_photo_storage, max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["sort_order", "pk"]


class CaseFormField(AbstractFormField):
    """An extra question staff add to an intake page; its answer is kept in ``Case.extra_answers``."""

    page = ParentalKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="case_form_fields")


def default_locale_categories(kind):
    """The matters students may choose for ``kind``, in the default locale, in order."""
    return CaseCategory.objects.filter(kind=kind, active=True, locale=Locale.get_default())


class IntakePage(AsciiSlugMixin, IntakePageMixin, FormMixin, Page):
    """Shared fields of the suggestion box and the repair request page (abstract).

    Wagtail's ``AbstractForm`` with the site's base page: AbstractForm subclasses Wagtail's own Page,
    which a site that swaps WAGTAIL_PAGE_MODEL has no table for."""

    case_kind = None
    grid_subpage = True
    grid_landmark = True  # few per grid level: found by extensions.landmarks
    parent_page_types = parent_types(COMMUNITY, campus=True)
    subpage_types = []
    template = "grid_cases/intake_page.html"
    landing_page_template = "grid_cases/intake_page_landing.html"

    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)
    privacy_note = models.CharField(
        _("privacy note"),
        max_length=300,
        blank=True,
        help_text=_("Shown under the contact fields: who will see them and why."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("case_form_fields", label=_("Extra questions")),
        MultiFieldPanel([FieldPanel("thank_you_text"), FieldPanel("privacy_note")], heading=_("After the form")),
    ]

    class Meta:
        abstract = True

    def get_form_fields(self):
        return self.case_form_fields.all()


class SuggestionBoxPage(IntakePage):
    case_kind = CaseKind.SUGGESTION
    template = IntakePage.template  # Wagtail gives each concrete page its own default otherwise

    class Meta:
        verbose_name = _("suggestion box")
        verbose_name_plural = _("suggestion boxes")


class RepairRequestPage(IntakePage):
    case_kind = CaseKind.REPAIR
    template = IntakePage.template

    class Meta:
        verbose_name = _("repair request page")
        verbose_name_plural = _("repair request pages")


# Public answers live in their own module; imported here so Django finds the models.
from .answer_models import PublicAnswerIndexPage, PublicAnswerPage  # noqa: E402, F401
