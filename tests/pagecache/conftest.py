"""Two server processes over the test database, for the page cache's cross-process tests.

The servers (gunicorn, one sync worker each, ``server_settings``) share the database
and the generation file with this process; tests write with the ORM in committed
transactions (``transactional_db``) and read through HTTP from both servers.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import override_settings

from grid_pages.pagecache import serving, store
from tests.conftest import sqlite_on_file

ROOT = Path(__file__).resolve().parents[2]
STATUS = "X-Page-Cache"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    config = connections["default"].settings_dict
    if config["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{config['NAME']}"
    host = config.get("HOST") or "127.0.0.1"
    port = config.get("PORT") or 5432
    user = config.get("USER") or "postgres"
    return f"postgres://{user}@{host}:{port}/{config['NAME']}"


class Server:
    def __init__(self, port, process):
        self.port = port
        self.process = process
        self.base = f"http://127.0.0.1:{port}"

    def get(self, path, headers=None, method="GET"):
        """(status, headers, body) of ``path``; redirects are not followed."""
        request = urllib.request.Request(self.base + path, headers=headers or {}, method=method)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start(port, env):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "portal.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(server):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(server.process.stderr.read().decode())
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the test server did not start")


@pytest.fixture(scope="module")
def file_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """The SQLite test database is in memory, where no other process can reach it: copy it
    to a file for this module and point the connection there (PostgreSQL is used as it is)."""
    with django_db_blocker.unblock():
        with sqlite_on_file(tmp_path_factory.mktemp("pagecache") / "db.sqlite3"):
            yield


def server_env(generation_file, redis_url=None, prefix=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.pagecache.server_settings",
        "DATABASE_URL": database_url(),
        "PAGECACHE_GENERATION_FILE": str(generation_file),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PAGECACHE_REDIS_URL", None)
    if redis_url:
        env.update(PAGECACHE_REDIS_URL=redis_url, PAGECACHE_REDIS_PREFIX=prefix)
    return env


class Servers(list):
    """The servers, and ``env``: the environment to run ``manage.py`` beside them."""

    env = None


@contextlib.contextmanager
def running(env, **cache_settings):
    """Two gunicorn processes on free ports, and this process on the same generation."""
    started = Servers(Server(port, start(port, env)) for port in (free_port(), free_port()))
    started.env = env
    with override_settings(**cache_settings):
        try:
            for server in started:
                wait_ready(server)
            yield started
        finally:
            for server in started:
                server.process.terminate()
                server.process.wait(timeout=20)


@pytest.fixture(scope="module")
def servers(file_database, django_db_blocker, tmp_path_factory):
    """Two servers keeping the generation in a file."""
    generation_file = tmp_path_factory.mktemp("generation") / "generation"
    with django_db_blocker.unblock():
        env = server_env(generation_file)
    with running(env, GRID_PAGES_PAGECACHE_GENERATION_FILE=str(generation_file)) as started:
        yield started


@pytest.fixture
def page_cache_on(settings):
    """The cache in this process's test client, fresh for the test."""
    settings.MIDDLEWARE = ["grid_pages.pagecache.middleware.PageCacheMiddleware"] + [
        m for m in settings.MIDDLEWARE if "pagecache" not in m
    ]
    settings.GRID_PAGES_PAGECACHE_STATUS_HEADER = STATUS
    store.clear()
    serving.clear()
    yield
    store.clear()
    serving.clear()


@pytest.fixture
def uncached(settings):
    """Requests carrying a header the page cache steps aside for (as the benchmarks' uncached
    runs): the page is rendered, with what is kept per generation for its parts."""
    settings.GRID_PAGES_PAGECACHE_BYPASS_HEADER = "X-Test-Uncached"
    return {"HTTP_X_TEST_UNCACHED": "1"}
