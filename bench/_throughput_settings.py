"""Production settings plus what ``throughput.py`` needs: the bare view's URL, a header that
makes the page cache step aside (uncached runs), and the serving worker's pid in a header."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from portal.settings.production import *  # noqa: E402,F401,F403

ROOT_URLCONF = "_throughput_urls"
# No collectstatic in the bench: templates resolve static URLs without the manifest.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
GRID_PAGES_PAGECACHE_BYPASS_HEADER = "X-Bench-Uncached"
GRID_PAGES_PAGECACHE_STATUS_HEADER = "X-Page-Cache"
MIDDLEWARE = ["_throughput_urls.WorkerPidMiddleware"] + MIDDLEWARE  # noqa: F405
SILENCED_SYSTEM_CHECKS = SILENCED_SYSTEM_CHECKS + ["grid_pagecache.W002"]  # noqa: F405  (the pid header goes first on purpose)
