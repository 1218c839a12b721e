"""A host site with only Wagtail's default apps and grid_pages (with its cases sub-app): no portal, home, search
or wagtail-localize, nor wagtail.contrib.redirects (optional for grid_pages' slug changes). It proves
that grid_pages installs, migrates and renders alone.

It is the site docs/plugin.md describes; ``swapped_settings`` (its own base page and grid pages) and
``subapp_settings`` (the core and one sub-app) build on it.
"""

import os
import tempfile
from pathlib import Path

SECRET_KEY = "standalone-test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost"]

# What any Wagtail 8 site has; grid_pages needs nothing else (modelcluster, taggit and
# django_filters come with Wagtail).
WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

INSTALLED_APPS = ["grid_pages", "grid_pages.cases", *WAGTAIL_APPS]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tests.standalone.urls"

# No project template directory: grid_pages' own templates, base.html included, are used.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("GRID_STANDALONE_DB")
        or str(Path(tempfile.gettempdir()) / "grid_pages_standalone.sqlite3"),
    }
}
if os.environ.get("GRID_STANDALONE_DATABASE_URL"):  # test_standalone.py on PostgreSQL: a database of its own
    import dj_database_url

    DATABASES["default"] = dj_database_url.parse(os.environ["GRID_STANDALONE_DATABASE_URL"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A cache all processes share, as the cases rate limit asks (render_check makes its table).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "standalone_cache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = str(Path(tempfile.gettempdir()) / "grid_pages_standalone_static")
MEDIA_URL = "/media/"
MEDIA_ROOT = str(Path(tempfile.gettempdir()) / "grid_pages_standalone_media")

WAGTAIL_SITE_NAME = "Standalone grid"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# GRID_PAGES_* are left unset: the app's defaults apply.
