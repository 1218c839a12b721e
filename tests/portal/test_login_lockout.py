"""Admin login lockout (django-axes): counted in the database, so it holds across processes."""

import re

import pytest
import requests
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command

from . import run_manage

LOGIN = "/admin/login/"


def login(session, base, username, password):
    page = session.get(base + LOGIN)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(
        base + LOGIN,
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        headers={"Referer": base + LOGIN},
        allow_redirects=False,
    )


def test_lockout_holds_across_two_server_processes(migrated_file_db, start_server, settings):
    env = {"DJANGO_SETTINGS_MODULE": "portal.settings.test", "DATABASE_URL": migrated_file_db}
    servers = [start_server(**env), start_server(**env)]
    session = requests.Session()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(session, servers[attempt % 2], "admin", f"wrong-{attempt}")
        assert response.status_code == 200  # the form again, with Wagtail's "didn't match"
    response = login(session, servers[1], "admin", "wrong-last")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.text
    # Locked on both servers, even with the right password.
    for base in servers:
        response = login(session, base, "admin", "admin-pass-1")
        assert response.status_code == 429
        assert "登录失败次数过多" in response.text

    result = run_manage("axes_reset", **env)
    assert result.returncode == 0, result.stderr
    response = login(requests.Session(), servers[0], "admin", "admin-pass-1")
    assert response.status_code == 302


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.edu.cn", "admin-pass-1")


def post_login(client, username, password, address="10.0.0.1", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def test_an_address_trying_many_user_names_is_locked_out(client, admin_user, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, f"guess{i}", "x")
    response = post_login(client, "admin", "admin-pass-1")
    assert response.status_code == 429
    # Another address may still sign in: the user name itself was not tried too often.
    assert post_login(client, "admin", "admin-pass-1", address="10.0.0.2").status_code == 302


def test_the_lockout_message_shows_on_the_login_page(client, admin_user, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        response = post_login(client, "admin", "x")
    assert response.status_code == 429
    assert "登录失败次数过多，已锁定 15 分钟" in response.content.decode()
    assert 'name="username"' in response.content.decode()  # still the login page


def test_a_successful_login_clears_the_failures(client, admin_user, settings):
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, "admin", "x")
    assert post_login(client, "admin", "admin-pass-1").status_code == 302
    client.logout()
    assert post_login(client, "admin", "x").status_code == 200
    assert AccessAttempt.objects.get(username="admin").failures_since_start == 1


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(client, admin_user, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    for i in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, f"guess{i}", "x", address="10.0.0.9", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert AccessAttempt.objects.filter(ip_address="203.0.113.7").count() == settings.AXES_FAILURE_LIMIT
    call_command("axes_reset", verbosity=0)
    assert not AccessAttempt.objects.exists()
