"""``EMAIL_BACKEND = "outbox.backends.OutboxBackend"``: sending a message stores it; the
``send_outbox`` worker hands it to ``OUTBOX_EMAIL_BACKEND`` with retries. Code that sends
mail (``send_mail``, ``EmailMessage.send``) needs no change."""

from django.core.mail.backends.base import BaseEmailBackend

from . import services


class OutboxBackend(BaseEmailBackend):
    # Messages are rows written in the caller's transaction: apps may send inside their own
    # transactions (grid_pages.mail.with_change) instead of after the commit.
    durable = True

    def send_messages(self, email_messages):
        stored = services.enqueue(email_messages)
        return len(stored)
