"""Mail sent as part of a change to the grid's records (cases, inspection findings ...).

``with_change(send, *args)``: when the mail backend stores messages durably (a backend class
with ``durable = True``, such as the portal's outbox) the message is stored inside the change's
own transaction, in a savepoint, so it commits or rolls back with the change and a crash after
the commit cannot lose it; with any other backend it is sent after the transaction commits, so
a slow mail server never holds a transaction open. ``send`` must log and swallow its failures.
"""

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string


def durable_backend():
    """Whether the configured mail backend stores messages (in the database) rather than sending."""
    try:
        return bool(getattr(import_string(settings.EMAIL_BACKEND), "durable", False))
    except ImportError:
        return False


def with_change(send, *args):
    """Send a mail (``send(*args)``) as part of the current change."""
    if durable_backend():
        # A savepoint: a failure to store the mail (logged by ``send``) must not break the change.
        with transaction.atomic():
            send(*args)
    else:
        transaction.on_commit(lambda: send(*args))


def absolute_url(page, path):
    """``path`` made absolute on ``page``'s Site (the public host), else on WAGTAILADMIN_BASE_URL:
    links in mail are opened outside the site, never relative to a request."""
    site = page.get_site() if page is not None else None
    base = (site.root_url if site else "") or getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    return base.rstrip("/") + path
