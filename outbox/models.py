from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Gave up")


class OutboxMessage(models.Model):
    """One e-mail as the site handed it over, kept until the mail server has accepted it."""

    created_at = models.DateTimeField(_("created"), db_index=True)
    subject = models.CharField(_("subject"), max_length=998)
    from_email = models.CharField(_("from"), max_length=320)
    # Headers and recipients (to, cc, bcc, reply_to), bodies and attachments as JSON.
    envelope = models.JSONField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return self.subject

    @property
    def recipients(self):
        return ", ".join(self.envelope.get("to", []) + self.envelope.get("cc", []) + self.envelope.get("bcc", []))
