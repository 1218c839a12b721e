"""OUTBOX_* settings with their defaults; the only place the outbox reads settings."""

from django.conf import settings

DEFAULTS = {
    # The backend that really delivers (SMTP in production).
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    # First retry after this many seconds, doubling each time up to MAX_DELAY.
    "BASE_DELAY": 60,
    "MAX_DELAY": 3600,
    # Attempts before a message is marked failed (about a day with the delays above).
    "MAX_ATTEMPTS": 30,
    # Messages one worker run sends at most.
    "BATCH": 200,
    # A claimed message is retried by another worker after this many seconds if its worker died.
    "LEASE": 300,
    # /healthz says "degraded" when the oldest unsent message is older than this (seconds).
    "BACKLOG_WARNING_AGE": 1800,
}


def get(name):
    return getattr(settings, f"OUTBOX_{name}", DEFAULTS[name])
