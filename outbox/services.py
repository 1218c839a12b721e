"""Store, send and retry outgoing mail. The worker never holds a transaction open while it
talks to the mail server: it claims due messages with a lease, sends, then records."""

import base64
import logging
from datetime import timedelta
from email.mime.base import MIMEBase

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from . import conf
from .models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)


def _attachment(item):
    if isinstance(item, MIMEBase):
        raise ValueError("MIME attachments cannot be stored in the outbox")
    filename, content, mimetype = item
    if isinstance(content, str):
        content = content.encode("utf-8")
    return [filename, base64.b64encode(content).decode("ascii"), mimetype]


def envelope_of(message):
    return {
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "body": message.body,
        "content_subtype": message.content_subtype,
        "alternatives": [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": [_attachment(item) for item in message.attachments],
    }


def message_of(row):
    env = row.envelope
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=env["body"],
        from_email=row.from_email,
        to=env["to"],
        cc=env["cc"],
        bcc=env["bcc"],
        reply_to=env["reply_to"],
        headers=env["headers"],
    )
    message.content_subtype = env.get("content_subtype", "plain")
    for content, mimetype in env["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in env["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def enqueue(messages, now=None):
    """Store ``messages`` (EmailMessage objects) to be sent; returns the rows."""
    now = now or timezone.now()
    rows = [
        OutboxMessage(
            created_at=now,
            subject=str(message.subject),
            from_email=str(message.from_email),
            envelope=envelope_of(message),
            next_attempt_at=now,
        )
        for message in messages
        if message.recipients()
    ]
    return OutboxMessage.objects.bulk_create(rows)


def backoff(attempts):
    """Seconds to wait after the ``attempts``-th failed attempt: 60, 120, 240, ... up to MAX_DELAY."""
    return min(conf.get("BASE_DELAY") * 2 ** max(attempts - 1, 0), conf.get("MAX_DELAY"))


def due(now):
    return OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)


def claim(now, limit):
    """Take up to ``limit`` due messages for this worker: their next attempt moves a lease
    ahead, so a parallel worker skips them and a worker that dies leaves them to be retried."""
    with transaction.atomic():
        rows = list(due(now).select_for_update(skip_locked=True).order_by("next_attempt_at", "pk")[:limit])
        ids = [row.pk for row in rows]
        OutboxMessage.objects.filter(pk__in=ids).update(next_attempt_at=now + timedelta(seconds=conf.get("LEASE")))
    return rows


def send_due(now=None, limit=None):
    """Send what is due; returns (sent, failed) counts. Failures are retried after ``backoff``."""
    now = now or timezone.now()
    rows = claim(now, limit or conf.get("BATCH"))
    sent = failed = 0
    if not rows:
        return sent, failed
    connection = get_connection(conf.get("EMAIL_BACKEND"), fail_silently=False)
    for row in rows:
        try:
            connection.send_messages([message_of(row)])
        except Exception as exc:  # a mail server fails in many ways; every one is retried
            failed += 1
            record_failure(row, exc, now)
            connection.close()  # a broken connection is opened again for the next message
        else:
            sent += 1
            OutboxMessage.objects.filter(pk=row.pk).update(
                status=OutboxStatus.SENT, sent_at=timezone.now(), attempts=row.attempts + 1, last_error=""
            )
    connection.close()
    return sent, failed


def record_failure(row, exc, now):
    attempts = row.attempts + 1
    gave_up = attempts >= conf.get("MAX_ATTEMPTS")
    logger.warning("Outbox message %s not sent (attempt %s): %s", row.pk, attempts, exc)
    OutboxMessage.objects.filter(pk=row.pk).update(
        attempts=attempts,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        status=OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING,
        next_attempt_at=now + timedelta(seconds=backoff(attempts)),
    )


def retry_unsent(now=None):
    """Send every unsent message (failed ones included) at the next worker run; returns how many."""
    now = now or timezone.now()
    return OutboxMessage.objects.exclude(status=OutboxStatus.SENT).update(
        status=OutboxStatus.PENDING, next_attempt_at=now, attempts=0
    )


def oldest_unsent_age(now=None):
    """Seconds since the oldest unsent message was handed over, or None when all are sent."""
    now = now or timezone.now()
    oldest = (
        OutboxMessage.objects.exclude(status=OutboxStatus.SENT).order_by("created_at").values_list("created_at", flat=True).first()
    )
    return None if oldest is None else (now - oldest).total_seconds()


def periodic_job(now, dry_run):
    """The mail worker as one of the portal's periodic jobs (``run_periodic``)."""
    if dry_run:
        return 0, [f"{due(now).count()} message(s) due"]
    sent, failed = send_due(now)
    return sent, [f"{sent} sent, {failed} failed"] if sent or failed else []
