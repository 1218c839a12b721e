"""Inspections (排查): rounds on a floor or building, a check per room, findings and their
rectification (整改), re-check and escalation; hazard types; published hygiene rankings.

Records point at grid pages and rooms of the default locale, as cases do. State changes go
through ``services`` only; ``FindingEvent`` keeps every step (append-only).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grid_pages.models import PAGE_MODEL, Room


class InspectionKind(models.TextChoices):
    SAFETY = "safety", _("Safety")
    HYGIENE = "hygiene", _("Hygiene")
    BOTH = "both", _("Safety and hygiene")


class HazardKind(models.TextChoices):
    SAFETY = "safety", _("Safety")
    HYGIENE = "hygiene", _("Hygiene")


class HazardType(models.Model):
    """An entry of the editable list of what an inspection may find (违章电器, 私拉电线 ...)."""

    name = models.CharField(_("type name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=HazardKind.choices, default=HazardKind.SAFETY)
    rectify_days = models.PositiveSmallIntegerField(
        _("working days to rectify"), default=3, help_text=_("The deadline of a finding of this type, in working days.")
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Only active types are offered in a new round."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("hazard type")
        verbose_name_plural = _("hazard types")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class InspectionRound(models.Model):
    """One walk along a floor (or through a building): who, when, what kind, a check per room."""

    # A random token the recording page sends with its POST: a retried POST finds the round
    # it already made instead of making a second one.
    client_token = models.CharField(_("client token"), max_length=64, unique=True, default=uuid.uuid4)
    kind = models.CharField(_("kind"), max_length=16, choices=InspectionKind.choices, default=InspectionKind.BOTH)
    community = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("community"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    building = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("building"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    floor = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("floor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Empty for a round of a whole building."),
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inspector"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    inspector_name = models.CharField(_("inspector"), max_length=150, blank=True)
    inspected_at = models.DateTimeField(_("inspected at"), default=timezone.now, db_index=True)
    note = models.TextField(_("note"), blank=True)
    rooms_checked = models.PositiveIntegerField(_("rooms checked"), default=0)
    findings_count = models.PositiveIntegerField(_("findings"), default=0)

    class Meta:
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        ordering = ["-inspected_at", "-pk"]
        permissions = [("manage_inspections", _("Can see and handle every inspection"))]

    def __str__(self):
        return f"{self.place_label} {timezone.localtime(self.inspected_at):%Y-%m-%d %H:%M}"

    @property
    def place_label(self):
        return " ".join(p.title for p in (self.building, self.floor) if p is not None)


class RoomCheck(models.Model):
    """A room as the round found it: OK, or with findings; a hygiene score when one was given."""

    round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="checks")
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="inspection_checks")
    floor = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("floor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ok = models.BooleanField(_("OK"), default=True)
    hygiene_score = models.PositiveSmallIntegerField(_("hygiene score"), null=True, blank=True)

    class Meta:
        verbose_name = _("room check")
        verbose_name_plural = _("room checks")
        ordering = ["round", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "room"], name="grid_inspections_one_check_per_room")]

    def __str__(self):
        return self.room.number


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RECTIFIED = "rectified", _("Rectified, to re-check")
    RECHECK_OK = "recheck_ok", _("Re-checked OK")
    RECHECK_FAILED = "recheck_failed", _("Re-check failed")
    ESCALATED = "escalated", _("Escalated")


# Not rectified yet: the deadline runs and the escalation job watches them.
UNRECTIFIED_STATUSES = (FindingStatus.OPEN, FindingStatus.RECHECK_FAILED, FindingStatus.ESCALATED)


class FindingLevel(models.TextChoices):
    FLOOR = "floor", _("Floor")
    BUILDING = "building", _("Building")
    COMMUNITY = "community", _("Community")
    OFFICE = "office", _("Student-affairs office")


LEVEL_ORDER = [FindingLevel.FLOOR, FindingLevel.BUILDING, FindingLevel.COMMUNITY, FindingLevel.OFFICE]


class FindingQuerySet(models.QuerySet):
    def unrectified(self):
        return self.filter(status__in=UNRECTIFIED_STATUSES)

    def overdue(self, now):
        return self.unrectified().filter(due_at__lt=now)


class Finding(models.Model):
    """A hazard found in a room: to be rectified by its deadline, then re-checked by staff."""

    round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="findings")
    room_check = models.ForeignKey(RoomCheck, on_delete=models.CASCADE, related_name="findings")
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="inspection_findings")
    room_number = models.CharField(_("room number"), max_length=20)
    community = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("community"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    building = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("building"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    floor = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("floor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hazard_type = models.ForeignKey(
        HazardType, verbose_name=_("hazard type"), on_delete=models.PROTECT, related_name="findings"
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN, db_index=True
    )
    level = models.CharField(_("level"), max_length=16, choices=FindingLevel.choices, default=FindingLevel.FLOOR)
    found_at = models.DateTimeField(_("found at"), default=timezone.now, db_index=True)
    due_at = models.DateTimeField(_("rectify by"), db_index=True)
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0)
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    rectification_note = models.TextField(_("rectification"), blank=True)
    rechecked_at = models.DateTimeField(_("re-checked at"), null=True, blank=True)
    recheck_note = models.TextField(_("re-check note"), blank=True)
    rechecked_by = models.CharField(_("re-checked by"), max_length=150, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-found_at", "-pk"]

    def __str__(self):
        return f"{self.room_number} {self.hazard_type}"

    @property
    def is_unrectified(self):
        return self.status in UNRECTIFIED_STATUSES

    def is_overdue(self, now):
        return self.is_unrectified and self.due_at < now

    @property
    def place_label(self):
        return " ".join([*(p.title for p in (self.building, self.floor) if p is not None), self.room_number])


def finding_photo_path(instance, filename):
    # Random names: nothing of the file name or the room leaks into storage.
    return f"inspections/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


def finding_photo_storage():
    from django.core.files.storage import storages

    from . import conf

    return storages[conf.get("PHOTO_STORAGE")]


class FindingPhoto(models.Model):
    """A photo of a finding, re-encoded without metadata; served only through a scoped view."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=finding_photo_path, storage=finding_photo_storage, max_length=200)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]


class FindingEvent(models.Model):
    """One step in a finding's life (found, rectified, re-checked, escalated); never changed."""

    class Action(models.TextChoices):
        FOUND = "found", _("Found")
        RECTIFIED = "rectified", _("Rectified")
        RECHECK_OK = "recheck_ok", _("Re-checked OK")
        RECHECK_FAILED = "recheck_failed", _("Re-check failed")
        ESCALATED = "escalated", _("Escalated")

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    who = models.CharField(_("by"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("finding event")
        verbose_name_plural = _("finding events")
        ordering = ["created_at", "pk"]


class HygieneRanking(models.Model):
    """A hygiene ranking (卫生评比公示) of one building that staff chose to publish: room numbers
    and scores, copied when it is made so that what was published stays as it was. No names."""

    building = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("building"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    # [[room number, score], ...], best first.
    rows = models.JSONField(_("rows"), default=list)
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.CharField(_("made by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        verbose_name = _("hygiene ranking")
        verbose_name_plural = _("hygiene rankings")
        ordering = ["-end", "-pk"]

    def __str__(self):
        return self.title
