"""The mail outbox: stored when sent, delivered by the worker, retried with growing delays."""

import socket
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.management import call_command
from django.utils import timezone

from outbox import services
from outbox.models import OutboxMessage, OutboxStatus
from tests.cases.conftest import make_user, matters, submit  # noqa: F401

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture(autouse=True)
def outbox_backend(settings):
    settings.EMAIL_BACKEND = "outbox.backends.OutboxBackend"
    settings.OUTBOX_EMAIL_BACKEND = LOCMEM


@pytest.fixture
def refusing_smtp(settings):
    """Nothing listens on the port: the connection is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.OUTBOX_EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port


@pytest.fixture
def hanging_smtp(settings):
    """A server that accepts the connection and never says a word."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    settings.OUTBOX_EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sock.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1
    yield
    sock.close()


def send_one(subject="新报修 R-0001"):
    send_mail(subject, "正文", "community@example.edu.cn", ["handler@example.edu.cn"])


def test_sending_stores_and_the_worker_delivers():
    send_one()
    assert mail.outbox == []
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.PENDING and row.recipients == "handler@example.edu.cn"
    out = StringIO()
    call_command("send_outbox", stdout=out)
    assert out.getvalue().strip() == "1 sent, 0 failed"
    assert [(m.subject, m.to, m.body) for m in mail.outbox] == [("新报修 R-0001", ["handler@example.edu.cn"], "正文")]
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT and row.sent_at and row.attempts == 1
    call_command("send_outbox", stdout=StringIO())
    assert len(mail.outbox) == 1  # never twice


def test_case_mail_is_stored_in_the_case_transaction(campus, submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = submit(campus["x3"], "502")
    # Stored with the case, not after the commit: a crash between the two loses nothing.
    assert not callbacks
    stored = OutboxMessage.objects.count()
    assert stored >= 1 and mail.outbox == []
    assert services.send_due() == (stored, 0)
    assert len(mail.outbox) == stored and any(case.display_code in m.subject for m in mail.outbox)


def test_a_change_rolled_back_leaves_no_mail(campus, submit):
    from django.db import transaction

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        submit(campus["x3"], "502")
        assert OutboxMessage.objects.exists()
        raise Abort
    assert not OutboxMessage.objects.exists()


def test_other_backends_send_after_the_commit(campus, submit, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = LOCMEM
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(campus["x3"], "502")
    assert callbacks and mail.outbox == []


def test_run_periodic_sends_the_outbox():
    send_one()
    out = StringIO()
    call_command("run_periodic", "--only", "send_outbox", stdout=out)
    assert len(mail.outbox) == 1 and "1 sent, 0 failed" in out.getvalue()
    call_command("run_periodic", "--only", "send_outbox", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_a_mail_server_down_for_an_hour_loses_nothing(refusing_smtp, settings):
    send_one()
    start = timezone.now()
    at, delays = start, []
    while at < start + timedelta(hours=1):
        assert services.send_due(now=at) == (0, 1)
        row = OutboxMessage.objects.get()
        assert "Connection refused" in row.last_error or "ConnectionRefused" in row.last_error
        delays.append((row.next_attempt_at - at).total_seconds())
        assert services.send_due(now=row.next_attempt_at - timedelta(seconds=1)) == (0, 0)  # not before its time
        at = row.next_attempt_at
    assert delays == [60, 120, 240, 480, 960, 1920]
    assert services.backoff(10) == 3600  # and never longer
    settings.OUTBOX_EMAIL_BACKEND = LOCMEM  # the server is back
    assert services.send_due(now=at) == (1, 0)
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT


def test_a_hanging_mail_server_times_out(hanging_smtp):
    send_one()
    assert services.send_due() == (0, 1)
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.PENDING and "timed out" in row.last_error


def test_after_the_last_attempt_it_is_failed_and_the_admin_retries_it(refusing_smtp, settings, client):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    send_one("给我一个解释")
    services.send_due()
    services.send_due(now=timezone.now() + timedelta(hours=1))
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.FAILED
    assert services.send_due(now=timezone.now() + timedelta(days=1)) == (0, 0)

    client.force_login(make_user("admin", superuser=True))
    html = client.get("/admin/outbox/").content.decode()
    assert "给我一个解释" in html and "outbox-retry" in html
    assert client.get(f"/admin/outbox/inspect/{row.pk}/").status_code == 200
    assert client.get("/admin/outbox/new/").status_code == 404  # read-only
    assert client.post("/admin/outbox-retry/").status_code == 302
    row.refresh_from_db()
    assert row.status == OutboxStatus.PENDING and row.attempts == 0
    settings.OUTBOX_EMAIL_BACKEND = LOCMEM
    assert services.send_due() == (1, 0)


def test_staff_without_the_permission_see_no_mail(client):
    send_one()
    client.force_login(make_user("nobody"))
    assert client.get("/admin/outbox/").status_code in (302, 403)
    assert client.post("/admin/outbox-retry/").status_code in (302, 403)
    assert OutboxMessage.objects.get().attempts == 0
