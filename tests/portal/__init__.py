"""Tests of the project glue: settings per environment, /healthz, SQLite under concurrent writers.

Where a different settings module or environment is needed the code runs in a
fresh Python process, because Django's settings are fixed once per process.
"""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

# Variables the settings read; cleared so the caller's shell (or CI) cannot leak in.
SETTINGS_ENV = (
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "PORTAL_BASE_URL",
    "WAGTAILADMIN_BASE_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "TRUST_X_FORWARDED_FOR",
)


def django_env(**env):
    """os.environ without the settings variables, plus ``env``."""
    result = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    result.update(env)
    return result


def run_manage(*args, timeout=120, **env):
    """``manage.py <args>`` in a new process; returns the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=django_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_django(code, timeout=120, **env):
    """Run ``code`` after ``django.setup()`` in a new process; returns the CompletedProcess."""
    script = "import django\ndjango.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=django_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
