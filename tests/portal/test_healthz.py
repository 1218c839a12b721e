import json

import pytest

from . import run_django


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


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
