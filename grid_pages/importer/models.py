"""An uploaded import file, kept between its preview and its confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    GRID = "grid", _("Grid: communities, buildings, floors and rooms")
    STAFF = "staff", _("Staff: people and their roles")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    APPLIED = "applied", _("Imported")


class ImportBatch(models.Model):
    """One upload. The file's bytes live in the database, not in public media: they hold phone numbers."""

    filename = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("file"), editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.filename

    @property
    def kind_label(self):
        """The kind's label, also for kinds other apps register (not among the field's choices)."""
        from .kinds import kind_label

        return kind_label(self.kind)
