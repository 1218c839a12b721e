"""Holiday departure and return (节假日离校返校): a holiday period, each student's declaration and
confirmed return, and the follow-up of those not back on the return day (防止学生失联)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from grid_pages.conf import get_page_model
from grid_pages.extensions import BUILDING, COMMUNITY, parent_types
from grid_pages.roster.models import Student
from grid_pages.slugs import AsciiSlugMixin

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()


class HolidayPeriod(models.Model):
    name = models.CharField(_("name"), max_length=80, help_text=_("e.g. 2026年国庆节"))
    leave_from = models.DateField(_("first day off"))
    return_by = models.DateField(_("return day"), help_text=_("Students are back by the end of this day."))
    declarations_open = models.BooleanField(_("declarations open"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("holiday period")
        verbose_name_plural = _("holiday periods")
        ordering = ["-leave_from", "-pk"]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.leave_from and self.return_by and self.return_by < self.leave_from:
            raise ValidationError({"return_by": _("The return day cannot come before the first day off.")})


class Plan(models.TextChoices):
    STAY = "stay", _("Stays at school")
    LEAVE = "leave", _("Leaves")


class Declaration(models.Model):
    """What a student (or their grid member for them) declared, and their confirmed return."""

    period = models.ForeignKey(HolidayPeriod, verbose_name=_("holiday"), on_delete=models.CASCADE, related_name="declarations")
    student = models.ForeignKey(Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="holiday_declarations")
    plan = models.CharField(_("plan"), max_length=10, choices=Plan.choices, blank=True)
    destination = models.CharField(_("destination"), max_length=120, blank=True)
    expected_return = models.DateField(_("expected return"), null=True, blank=True)
    contact = models.CharField(_("contact while away"), max_length=60, blank=True)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    declared_by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("declared by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("return confirmed at"), null=True, blank=True)
    returned_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("return confirmed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        constraints = [models.UniqueConstraint(fields=["period", "student"], name="grid_holidays_one_declaration")]

    def __str__(self):
        return f"{self.period} · {self.student_id}"


class Level(models.TextChoices):
    GRID = "grid", _("Grid member")
    COUNSELLOR = "counsellor", _("Counsellor")
    OFFICE = "office", _("Student-affairs office")


class FollowUp(models.Model):
    """Following a student not back on the return day until they are reached."""

    period = models.ForeignKey(HolidayPeriod, verbose_name=_("holiday"), on_delete=models.CASCADE, related_name="followups")
    student = models.ForeignKey(Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="holiday_followups")
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.GRID)
    due_at = models.DateTimeField(_("escalates at"))
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    reached_at = models.DateTimeField(_("reached at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [models.UniqueConstraint(fields=["period", "student"], name="grid_holidays_one_followup")]

    def __str__(self):
        return f"{self.period} · {self.student_id}"

    @property
    def is_open(self):
        return self.reached_at is None


class Outcome(models.TextChoices):
    NOTE = "note", _("Explanation")
    REACHED = "reached", _("Reached")
    ESCALATED = "escalated", _("Escalated")
    RETURNED = "returned", _("Returned")


class FollowUpEvent(models.Model):
    """Append-only: every call, explanation and escalation of a follow-up."""

    followup = models.ForeignKey(FollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE, related_name="events")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    token = models.CharField(max_length=40, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("follow-up entry")
        verbose_name_plural = _("follow-up entries")
        ordering = ["at", "pk"]


class HolidayDeclarationPage(AsciiSlugMixin, Page):
    """The public page where students declare whether they stay or leave over a holiday.

    It shows nothing about anyone: a student identifies with their number and the last four
    digits of their phone (or a signed link from their grid member) and sees only a thank-you.
    """

    grid_subpage = True
    grid_landmark = True
    introduction = RichTextField(_("introduction"), blank=True)

    parent_page_types = parent_types(COMMUNITY, BUILDING, campus=True)
    subpage_types = []
    template = "grid_holidays/declaration_page.html"
    content_panels = Page.content_panels + [FieldPanel("introduction")]

    class Meta:
        verbose_name = _("holiday declaration page")
        verbose_name_plural = _("holiday declaration pages")

    def serve(self, request, *args, **kwargs):
        from .public import serve_declaration

        return serve_declaration(self, request)
