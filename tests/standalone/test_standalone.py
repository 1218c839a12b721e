"""grid_pages stands alone: Wagtail sites without portal, home, search or wagtail-localize migrate and
use it, as docs/plugin.md describes: grid_pages with cases, a site with its own base page and grid
pages, and each sub-app alone on the core. Each runs in a subprocess (render_check.py), since this
process has the portal loaded.

The first two migrate from nothing, on PostgreSQL too when the suite runs there (a database of
their own). Migrating Wagtail takes most of a run, so the sub-apps' runs (SQLite) start from a
copy of a database migrated once for the core alone and migrate only their own apps.
"""

import fcntl
import os
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest
from django.conf import settings

from tests.standalone.subapp_settings import SUBAPPS

BASE_DIR = Path(__file__).resolve().parents[2]


@contextmanager
def standalone_database():
    """None on SQLite (the subprocess uses a file); on PostgreSQL the URL of a new database on the
    test server, dropped afterwards."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        yield None
        return
    import psycopg

    name = f"grid_standalone_{uuid.uuid4().hex[:12]}"
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        yield f"postgres://{db['USER']}{password}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def core_database(tmp_path_factory, worker_id):
    """A SQLite file migrated for grid_pages alone, made once for all xdist workers of the run."""
    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    path = shared / "grid_standalone_core.sqlite3"
    with open(shared / "grid_standalone_core.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            partial = shared / "grid_standalone_core.partial.sqlite3"
            partial.unlink(missing_ok=True)
            result = subprocess.run(
                [sys.executable, "-m", "tests.standalone.render_check", "--migrate-only"],
                cwd=BASE_DIR,
                env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.standalone.subapp_settings", "GRID_STANDALONE_SUBAPP": "", "GRID_STANDALONE_DB": str(partial)},
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert result.returncode == 0, result.stdout + result.stderr
            partial.rename(path)
    return path


def run_render_check(tmp_path, settings_module, database=None, **env):
    if database is not None:  # start from a migrated copy (SQLite)
        shutil.copyfile(database, tmp_path / "standalone.sqlite3")
    with standalone_database() if database is None else nullcontext() as url:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "GRID_STANDALONE_DB": str(tmp_path / "standalone.sqlite3"),
            **({"GRID_STANDALONE_DATABASE_URL": url} if url else {}),
            **env,
        }
        return subprocess.run(
            [sys.executable, "-m", "tests.standalone.render_check"],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )


def assert_ok(result):
    assert result.returncode == 0, result.stdout + result.stderr
    assert "standalone OK" in result.stdout


def test_grid_pages_migrates_and_renders_without_the_portal(tmp_path):
    assert_ok(run_render_check(tmp_path, "tests.standalone.settings"))


def test_a_site_with_its_own_base_page_and_grid_pages(tmp_path):
    """WAGTAIL_PAGE_MODEL and GRID_PAGES_*_MODEL swapped: find-my-room, the grid's route and
    intake find the site's own pages (tests/standalone/sitegrid)."""
    assert_ok(run_render_check(tmp_path, "tests.standalone.swapped_settings"))


# cases alone on the core is the first site above.
@pytest.mark.parametrize("subapp", [name for name in SUBAPPS if name != "cases"])
def test_each_sub_app_alone_on_the_core(tmp_path, core_database, subapp):
    result = run_render_check(tmp_path, "tests.standalone.subapp_settings", core_database, GRID_STANDALONE_SUBAPP=subapp)
    assert_ok(result)


def test_a_sub_app_without_what_it_needs_refuses_to_start(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.standalone.subapp_settings",
            "GRID_STANDALONE_SUBAPP": "roster",
            "GRID_STANDALONE_ALONE": "1",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "grid_pages.roster needs grid_pages.importer in INSTALLED_APPS" in result.stderr


def test_standalone_settings_leave_out_the_portal():
    from tests.standalone import settings as standalone

    apps = set(standalone.INSTALLED_APPS)
    assert {"grid_pages", "grid_pages.cases"} <= apps
    assert not apps & {"home", "search", "wagtail_localize", "wagtail_localize.locales"}
    assert not any(name.startswith("GRID_PAGES_") for name in dir(standalone))
    assert standalone.ROOT_URLCONF != settings.ROOT_URLCONF


def test_grid_pages_source_never_imports_the_portal():
    offending = []
    for path in (BASE_DIR / "grid_pages").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            words = line.split()
            if len(words) >= 2 and words[0] in ("import", "from"):
                top = words[1].split(".")[0]
                if top in {"portal", "home", "search", "wagtail_localize"}:
                    offending.append(f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}")
    assert not offending, offending


def test_grid_pages_finds_grid_pages_through_the_settings_only():
    """No module outside models.py imports or names the concrete grid pages: queries go through
    grid_pages.conf.get_community_model() and its siblings (GRID_PAGES_*_MODEL)."""
    import re

    names = r"(CommunityPage|BuildingPage|FloorPage)\b(?!Mixin)"
    concrete = re.compile(rf"^\s*from \S+ import .*\b{names}|grid_pages\.{names}|\bmodels\.{names}", re.IGNORECASE)
    offending = []
    for path in (BASE_DIR / "grid_pages").rglob("*.py"):
        if (path.name in ("models.py", "conf.py") and path.parent.name == "grid_pages") or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if concrete.search(line):
                offending.append(f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}")
    assert not offending, offending
