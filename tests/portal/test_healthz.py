import json
from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone

from outbox import services as outbox

from . import run_django

HEALTHY = {
    "status": "ok",
    "database": "ok",
    "cache:default": "ok",
    "cache:shared": "ok",
    "storage:default": "ok",
    "storage:private": "ok",
    "outbox_oldest_unsent_seconds": None,
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "private")}},
    }
    return tmp_path


@pytest.mark.django_db
def test_healthz_is_ok_when_everything_answers(client, media):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == HEALTHY
    assert "no-cache" in response["Cache-Control"]
    assert not any((media / "media").rglob("*.txt")) and not any((media / "private").rglob("*.txt"))  # probes removed


@pytest.mark.django_db
def test_healthz_is_503_when_a_storage_cannot_be_written(client, media):
    (media / "media").write_text("a file where the folder should be")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["storage:default"].startswith("error")
    assert response.json()["storage:private"] == "ok"


@pytest.mark.django_db
def test_healthz_is_degraded_while_mail_waits_too_long(client, settings):
    outbox.enqueue([EmailMessage("s", "b", "a@example.edu.cn", ["b@example.edu.cn"])], now=timezone.now() - timedelta(hours=1))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["outbox_oldest_unsent_seconds"] >= 3600
    settings.OUTBOX_BACKLOG_WARNING_AGE = 7200
    assert client.get("/healthz").json()["status"] == "ok"


def test_healthz_is_503_when_the_database_is_unreachable():
    # Nothing listens on port 1, so the connection is refused at once.
    result = run_django(
        "import json\n"
        "from django.test import Client\n"
        "response = Client().get('/healthz')\n"
        "print(json.dumps({'status': response.status_code, 'type': response['Content-Type'],"
        " 'body': response.json()}))\n",
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/none",
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["status"] == 503
    assert loaded["type"] == "application/json"
    assert loaded["body"]["status"] == "error"
    assert loaded["body"]["database"] == "unreachable"
