"""Night checks (查寝): per floor per night, the exceptions a grid member found (late, absent, an
unregistered guest), and the counsellor's follow-up of each absence. Nothing of it is public."""

import swapper
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grid_pages.models import Room
from grid_pages.roster.models import Student

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class NightCheck(models.Model):
    """One round: a floor on a night. Students not marked were present."""

    floor = models.ForeignKey(PAGE_MODEL, verbose_name=_("floor"), on_delete=models.PROTECT, related_name="+")
    night = models.DateField(_("night"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    rooms = models.PositiveIntegerField(_("rooms checked"), default=0)
    students = models.PositiveIntegerField(_("students checked"), default=0)
    token = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("night check")
        verbose_name_plural = _("night checks")
        ordering = ["-night", "-pk"]
        constraints = [models.UniqueConstraint(fields=["floor", "night"], name="grid_nightchecks_one_round_per_night")]

    def __str__(self):
        return f"{self.night} · {self.floor_id}"


class Status(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late return")
    ABSENT = "absent", _("Absent")


class Mark(models.Model):
    """A student not simply present that night."""

    check_round = models.ForeignKey(NightCheck, verbose_name=_("night check"), on_delete=models.CASCADE, related_name="marks")
    student = models.ForeignKey(Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="night_marks")
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("night-check mark")
        verbose_name_plural = _("night-check marks")
        constraints = [models.UniqueConstraint(fields=["check_round", "student"], name="grid_nightchecks_one_mark")]


class Guest(models.Model):
    """Someone staying the night who does not live in the room (留宿他人)."""

    check_round = models.ForeignKey(NightCheck, verbose_name=_("night check"), on_delete=models.CASCADE, related_name="guests")
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField(_("guests"), default=1)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("overnight guest")
        verbose_name_plural = _("overnight guests")
        constraints = [models.UniqueConstraint(fields=["check_round", "room"], name="grid_nightchecks_one_guest_row")]


class FollowUpLevel(models.TextChoices):
    COUNSELLOR = "counsellor", _("Counsellor")
    OFFICE = "office", _("Student-affairs office")


class Outcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    EXPLANATION = "explanation", _("Explanation")
    ESCALATED = "escalated", _("Escalated")


class AbsenceFollowUp(models.Model):
    """The counsellor's follow-up of one absence, closed with a note."""

    mark = models.OneToOneField(Mark, verbose_name=_("absence"), on_delete=models.CASCADE, related_name="followup")
    level = models.CharField(_("level"), max_length=12, choices=FollowUpLevel.choices, default=FollowUpLevel.COUNSELLOR)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("absence follow-up")
        verbose_name_plural = _("absence follow-ups")

    @property
    def is_open(self):
        return self.closed_at is None


class FollowUpEntry(models.Model):
    """Append-only history of a follow-up."""

    followup = models.ForeignKey(AbsenceFollowUp, verbose_name=_("follow-up"), on_delete=models.CASCADE, related_name="entries")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    token = models.CharField(max_length=40, blank=True, editable=False, db_index=True)

    class Meta:
        verbose_name = _("follow-up entry")
        verbose_name_plural = _("follow-up entries")
        ordering = ["at", "pk"]
