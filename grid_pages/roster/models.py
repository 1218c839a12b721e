"""The student roster: who lives in which room and bed, and every move between rooms.

Personal data of students: it is shown only in the admin, to the staff of the student's part of
the grid (``scope.py``), never on a public page, in search or in a public JSON answer. Students
are not indexed for Wagtail search for that reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grid_pages.models import Room


class Student(models.Model):
    name = models.CharField(_("name"), max_length=60)
    number = models.CharField(_("student number"), max_length=30, unique=True)
    college = models.CharField(_("college"), max_length=120, blank=True)
    class_name = models.CharField(_("class"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Changed only through services.move_student, which keeps the history (RoomMove).
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT, related_name="grid_students"
    )
    bed = models.PositiveSmallIntegerField(_("bed"), null=True, blank=True)
    active = models.BooleanField(_("living in"), default=True, help_text=_("Off once the student has left the dorms."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "bed"], condition=Q(active=True, room__isnull=False), name="grid_roster_one_student_per_bed"
            ),
            models.CheckConstraint(condition=Q(room__isnull=True) | Q(bed__isnull=False), name="grid_roster_room_has_bed"),
        ]

    def __str__(self):
        return f"{self.name} ({self.number})"


class EmptyBed(models.Model):
    """A bed the grid checked and found empty: counted as covered by the person-level coverage."""

    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="grid_empty_beds")
    bed = models.PositiveSmallIntegerField(_("bed"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)

    class Meta:
        verbose_name = _("empty bed")
        verbose_name_plural = _("empty beds")
        constraints = [models.UniqueConstraint(fields=["room", "bed"], name="grid_roster_empty_bed_once")]

    def __str__(self):
        return f"{self.room} #{self.bed}"


class RoomMove(models.Model):
    """One move of a student (moving in, between rooms, or out), append-only."""

    student = models.ForeignKey(Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="moves")
    from_room = models.ForeignKey(
        Room, verbose_name=_("from room"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_bed = models.PositiveSmallIntegerField(_("from bed"), null=True, blank=True)
    to_room = models.ForeignKey(Room, verbose_name=_("to room"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_bed = models.PositiveSmallIntegerField(_("to bed"), null=True, blank=True)
    moved_at = models.DateTimeField(_("moved at"), default=timezone.now)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moved by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("room move")
        verbose_name_plural = _("room moves")
        ordering = ["-moved_at", "-pk"]

    def __str__(self):
        return f"{self.student_id}: {self.from_room_id} → {self.to_room_id}"
