import json
import sqlite3
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.utils import get_random_secret_key

from portal.settings.base import database_from_env

from . import run_django, run_manage

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "ALLOWED_HOSTS": "example.edu.cn",
    "PORTAL_BASE_URL": "https://example.edu.cn",
}


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert [code for code, _name in settings.LANGUAGES] == ["zh-hans", "en"]


# Every configuration docs/deployment.md and .env.example recommend.
DOCUMENTED = {
    "proxy terminates https, django redirects": {},
    "proxy redirects http itself": {"SECURE_SSL_REDIRECT": "false"},
    "several machines: redis, postgres, trusted proxy": {
        "REDIS_URL": "redis://127.0.0.1:6379/8",
        "DATABASE_URL": "postgres://portal@db.internal:5432/portal",
        "TRUST_X_FORWARDED_FOR": "true",
        "SECURE_HSTS_SECONDS": "3600",
    },
}


@pytest.mark.parametrize("env", DOCUMENTED.values(), ids=DOCUMENTED.keys())
def test_documented_production_configurations_pass_the_deploy_check(env):
    result = run_django(
        "from django.conf import settings\n"
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')\n"
        "print('silenced', sorted(settings.SILENCED_SYSTEM_CHECKS))\n",
        SECRET_KEY=get_random_secret_key(),
        **{**PRODUCTION, **env},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    silenced = ["security.W008", "security.W019"] if env.get("SECURE_SSL_REDIRECT") == "false" else ["security.W019"]
    assert f"silenced {silenced}" in result.stdout


def test_the_deploy_check_warns_without_a_public_address():
    env = {k: v for k, v in PRODUCTION.items() if k != "PORTAL_BASE_URL"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=get_random_secret_key(), **env)
    assert result.returncode != 0
    assert "home.W001" in result.stderr + result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment for production" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage(
        "check", DJANGO_SETTINGS_MODULE="portal.settings.production", SECRET_KEY=get_random_secret_key()
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set in the environment for production" in result.stderr


def test_production_reads_services_from_the_environment(tmp_path):
    result = run_django(
        "import json\n"
        "from django.conf import settings\n"
        "print(json.dumps({'hosts': settings.ALLOWED_HOSTS, 'engine': settings.DATABASES['default']['ENGINE'],"
        " 'db': settings.DATABASES['default']['NAME'], 'media': str(settings.MEDIA_ROOT),"
        " 'csrf': settings.CSRF_TRUSTED_ORIGINS, 'debug': settings.DEBUG}))\n",
        SECRET_KEY=get_random_secret_key(),
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        ALLOWED_HOSTS="example.edu.cn, www.example.edu.cn",
        CSRF_TRUSTED_ORIGINS="https://example.edu.cn",
        DATABASE_URL="postgres://portal@db.internal:5432/portal",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded == {
        "hosts": ["example.edu.cn", "www.example.edu.cn"],
        "engine": "django.db.backends.postgresql",
        "db": "portal",
        "media": str(tmp_path / "media"),
        "csrf": ["https://example.edu.cn"],
        "debug": False,
    }


def test_sqlite_is_the_default_database(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_from_env(tmp_path / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_sqlite_connection_uses_wal_busy_timeout_and_immediate_transactions(tmp_path):
    db_path = tmp_path / "db.sqlite3"
    result = run_django(
        "import json, sqlite3\n"
        "from django.db import connection, transaction\n"
        "with connection.cursor() as cursor:\n"
        "    journal_mode = cursor.execute('PRAGMA journal_mode').fetchone()[0]\n"
        "    busy_timeout = cursor.execute('PRAGMA busy_timeout').fetchone()[0]\n"
        "    cursor.execute('CREATE TABLE probe (id INTEGER PRIMARY KEY)')\n"
        # An IMMEDIATE transaction takes the write lock at BEGIN, before any write:
        # a second connection that will not wait must then be refused.
        "with transaction.atomic():\n"
        "    other = sqlite3.connect(connection.settings_dict['NAME'], timeout=0)\n"
        "    try:\n"
        "        other.execute('INSERT INTO probe DEFAULT VALUES')\n"
        "        locked = False\n"
        "    except sqlite3.OperationalError as exc:\n"
        "        locked = 'locked' in str(exc)\n"
        "    other.close()\n"
        "print(json.dumps({'journal_mode': journal_mode, 'busy_timeout': busy_timeout,"
        " 'locked_at_begin': locked}))\n",
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_URL=f"sqlite:///{db_path}",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"journal_mode": "wal", "busy_timeout": 20000, "locked_at_begin": True}
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persisted in the file


def test_redis_url_selects_a_working_redis_cache():
    redis = pytest.importorskip("redis")
    client = redis.Redis(host="127.0.0.1", port=6379, db=15, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis does not answer at 127.0.0.1:6379 ({exc})")
    prefix = f"portal-test-{uuid.uuid4().hex}"
    try:
        result = run_django(
            "import json\n"
            "from django.conf import settings\n"
            "from django.core.cache import cache\n"
            "cache.set('greeting', '你好', timeout=60)\n"
            "print(json.dumps({'backend': settings.CACHES['default']['BACKEND'], 'value': cache.get('greeting')}))\n",
            DJANGO_SETTINGS_MODULE="portal.settings.production",
            SECRET_KEY=get_random_secret_key(),
            ALLOWED_HOSTS="example.edu.cn",
            REDIS_URL="redis://127.0.0.1:6379/15",
            CACHE_KEY_PREFIX=prefix,
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == {"backend": "django_redis.cache.RedisCache", "value": "你好"}
        # The value really lives in Redis, shared by every server process.
        assert client.exists(f"{prefix}:1:greeting") == 1
        assert 0 < client.ttl(f"{prefix}:1:greeting") <= 60
    finally:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def test_without_redis_url_the_cache_is_local_memory():
    result = run_django(
        "from django.conf import settings\nprint(settings.CACHES['default']['BACKEND'])\n",
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.django_db
def test_migrations_are_complete():
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exc:
        pytest.fail(f"makemigrations --check found model changes without a migration (exit {exc.code})")
