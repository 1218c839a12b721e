"""grid_pages stands alone: a Wagtail site without portal, home, search or wagtail-localize
migrates and renders it. Runs in a subprocess, since this process has the portal loaded."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]


def test_grid_pages_migrates_and_renders_without_the_portal(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.standalone.settings",
        "GRID_STANDALONE_DB": str(tmp_path / "standalone.sqlite3"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.standalone.render_check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "standalone OK" in result.stdout


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
