"""The rate limit counts in a cache every server process shares, and the startup check says so."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings

from grid_pages.cases import checks, conf, ratelimit

BASE_DIR = Path(__file__).resolve().parents[2]
RATE = (3, 600)


def database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_another_process_hitting_the_limit_stops_this_one(shared_database):
    """Two processes, one counter: a client that used its allowance through another server
    process is refused here too."""
    request = RequestFactory().post("/", REMOTE_ADDR="10.9.8.7")
    assert not ratelimit.exceeded(request, "submit", RATE)
    script = textwrap.dedent(
        f"""
        import django
        django.setup()
        from django.test import RequestFactory
        from grid_pages.cases import ratelimit
        request = RequestFactory().post("/", REMOTE_ADDR="10.9.8.7")
        print([ratelimit.hit(request, "submit", {RATE!r}) for _ in range({RATE[0]})])
        """
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "DATABASE_URL": database_url()}
    result = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[True, True, True]"
    assert ratelimit.exceeded(request, "submit", RATE)
    assert not ratelimit.hit(request, "submit", RATE)
    other_client = RequestFactory().post("/", REMOTE_ADDR="10.9.8.8")
    assert ratelimit.hit(other_client, "submit", RATE)


def test_forwarded_address_is_used_only_behind_a_trusted_proxy(settings):
    a = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    b = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="5.6.7.8")
    assert ratelimit.client_id(a) == ratelimit.client_id(b)  # the header is forgeable
    settings.GRID_PAGES_CASES_TRUST_X_FORWARDED_FOR = True
    assert ratelimit.client_id(a) != ratelimit.client_id(b)
    assert "1.2.3.4" not in ratelimit.client_id(a)  # hashed, not stored raw


def test_check_warns_about_a_per_process_cache():
    assert checks.check_ratelimit_cache(None) == []  # the portal's shared (database) cache
    with override_settings(GRID_PAGES_CASES_RATELIMIT_CACHE="default"):  # locmem in tests
        assert [w.id for w in checks.check_ratelimit_cache(None)] == ["grid_cases.W002"]
    with override_settings(GRID_PAGES_CASES_RATELIMIT_CACHE="nope"):
        assert [w.id for w in checks.check_ratelimit_cache(None)] == ["grid_cases.W001"]
    assert conf.get("RATELIMIT_CACHE") == "shared"
