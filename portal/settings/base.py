"""Settings shared by every environment. Secrets and services come from the environment only."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "home",
    "search",
    "grid_pages",
    "grid_pages.plaques",
    "grid_pages.activities",
    "grid_pages.notices",
    "grid_pages.reception",
    "grid_pages.access",
    "grid_pages.importer",
    "grid_pages.coverage",
    "grid_pages.inspections",
    "grid_pages.roster",
    "grid_pages.holidays",
    "grid_pages.nightchecks",
    "grid_pages.cases",
    "grid_pages.pagecache",
    "outbox",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
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
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: a cached page skips everything below (docs/performance.md, Page cache).
    "grid_pages.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.security.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees the login page the view rendered (docs/deployment.md, "Login lockout").
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"


def sqlite_options():
    """WAL, a busy timeout and IMMEDIATE transactions: several server processes
    writing at once wait for the lock instead of failing with "database is locked"."""
    return {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON;"
        ),
    }


def database_from_env(default_sqlite_path):
    config = dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{default_sqlite_path}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(sqlite_options())
    return config


DATABASES = {"default": database_from_env(BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
        }
    }
    CACHES["shared"] = CACHES["default"]
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Counters every server process must agree on (rate limits): the database when
        # there is no Redis. `manage.py createcachetable` makes its table.
        "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_shared_cache"},
    }
GRID_PAGES_CASES_RATELIMIT_CACHE = "shared"

# The page cache (docs/performance.md): anonymous public pages, invalidated by any write.
from grid_pages.pagecache.conf import DEFAULTS as PAGECACHE_DEFAULTS  # noqa: E402  (the app's own list, extended)

GRID_PAGES_PAGECACHE_PAGE_TYPES = [
    "home.HomePage",
    "grid_pages.CommunityPage",
    "grid_pages.BuildingPage",
    "grid_pages.FloorPage",
    "grid_notices.NoticePage",
    "grid_activities.ActivityPage",
    "grid_activities.ActivityIndexPage",
    "grid_plaques.PlaqueIndexPage",
    "grid_reception.ReceptionPage",
]
GRID_PAGES_PAGECACHE_URL_NAMES = [
    *PAGECACHE_DEFAULTS["URL_NAMES"],
    "grid_notices:list",
    "grid_notices:rss",
    "grid_notices:atom",
    "grid_plaques:print",
    "grid_plaques:print_building",
    "grid_reception:sessions_ics",
]
# Cases are never shown on public pages: a submission must not empty the cache.
GRID_PAGES_PAGECACHE_IGNORE_MODELS = [
    *PAGECACHE_DEFAULTS["IGNORE_MODELS"],
    "grid_cases.case",
    "grid_cases.caseevent",
    "grid_cases.casephoto",
    "grid_importer.importbatch",
    # Inspections change no public page; only a published hygiene ranking does.
    "grid_inspections.inspectionround",
    "grid_inspections.roomcheck",
    "grid_inspections.finding",
    "grid_inspections.findingphoto",
    "grid_inspections.findingevent",
    # The grid's own duties (night checks, holiday declarations and follow-ups, the student
    # roster) are staff and student records no public page shows: a night check marking a
    # room a second must not make every page render again. A roster import still bumps
    # (``content_changed``), and holiday periods do (the declaration page names them).
    "grid_nightchecks.nightcheck",
    "grid_nightchecks.mark",
    "grid_nightchecks.guest",
    "grid_nightchecks.absencefollowup",
    "grid_nightchecks.followupentry",
    "grid_holidays.declaration",
    "grid_holidays.followup",
    "grid_holidays.followupevent",
    "grid_roster.student",
    "grid_roster.emptybed",
    "grid_roster.roommove",
    "outbox.outboxmessage",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
]
# Bookings change a session's free places, shown by the reception pages and sections, which
# read them per generation (``every_write``): a booking leaves the grid, people and lists each
# process keeps, so the morning of a reception day does not make them read again.
GRID_PAGES_PAGECACHE_VOLATILE_MODELS = ["grid_reception.booking"]
# Every process on the host (gunicorn, cron, manage.py shell) must see this file;
# with Redis the generation and the pages are shared there instead (several hosts).
GRID_PAGES_PAGECACHE_GENERATION_FILE = os.environ.get("PAGECACHE_GENERATION_FILE") or None
if REDIS_URL:
    GRID_PAGES_PAGECACHE_GENERATION_CACHE = "shared"
    GRID_PAGES_PAGECACHE_CACHE = "shared"

def env_bool(name, default):
    return os.environ.get(name, "true" if default else "false").strip().lower() in ("1", "true", "yes", "on")


def env_rate(name, default):
    """A rate "count/seconds" from the environment, e.g. CASES_SUBMIT_RATE=5/600."""
    count, _sep, seconds = os.environ.get(name, default).partition("/")
    return (int(count), int(seconds))


# Behind a proxy that sets X-Forwarded-For (and strips the client's): count clients by it.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
GRID_PAGES_CASES_TRUST_X_FORWARDED_FOR = TRUST_X_FORWARDED_FOR
# Per-client limits on reports and tracking-code lookups (raise them for a load test).
GRID_PAGES_CASES_SUBMIT_RATE = env_rate("CASES_SUBMIT_RATE", "5/600")
GRID_PAGES_CASES_TRACK_RATE = env_rate("CASES_TRACK_RATE", "30/600")

# Login lockout (django-axes): failures are rows in the database, shared by every process
# and machine. A user name is locked after AXES_FAILURE_LIMIT failures from anywhere, and an
# address after as many failures on any user names; `manage.py axes_reset` unlocks.
AUTHENTICATION_BACKENDS = [
    "portal.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.security.client_ip"
AXES_USERNAME_CALLABLE = "portal.security.attempt_username"
AXES_LOCKOUT_CALLABLE = "portal.security.lockout_response"
AXES_VERBOSE = False
WAGTAILADMIN_USER_LOGIN_FORM = "portal.security.AdminLoginForm"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first; English for international students under /en/.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# portal/locale first: makemessages writes the project's strings to the first path.
# locale_overrides: Wagtail's own msgids its zh_Hans catalogue leaves in English ("210 Pages"),
# edited by hand; both win over the apps' catalogues.
LOCALE_PATHS = [BASE_DIR / "portal" / "locale", BASE_DIR / "portal" / "locale_overrides"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
# Files browsers and crawlers ask for at the site root (/favicon.ico), served by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "home" / "public"
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Files no web server may serve directly (case photos): views stream them after a scope check.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media"))},
    },
}
GRID_PAGES_CASES_PHOTO_STORAGE = "private"
GRID_PAGES_INSPECTIONS_PHOTO_STORAGE = "private"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# Content-Security-Policy (django-csp): nothing inline, nothing from another host. Wagtail's
# admin writes inline scripts and styles, so /admin/ also allows those
# (portal.security.CSPMiddleware); see docs/deployment.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# No request leaves the server (docs/deployment.md): no avatars from gravatar.com (a hash of
# the staff's e-mail sent abroad), no release check against wagtail.org from the dashboard.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# An editor who changes a slug or moves a page leaves a permanent redirect (wagtail.contrib.redirects)
# from every old URL of it and the pages below it: links in QR codes, shares and notices keep working.
# Grid pages get ASCII slugs (grid_pages/slugs.py); `manage.py ascii_slugs` fixes older ones.
WAGTAILREDIRECTS_AUTO_CREATE = True

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "一站式学生社区")
# The public address (https://community.example.edu.cn): `migrate` writes it into Wagtail's
# default Site, from which QR codes, feeds, mail and calendar links are made (home/site_url.py).
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or PORTAL_BASE_URL or "http://127.0.0.1:8000"
# Calendar event UIDs (reception .ics files): the public host, so they never change with the request's host.
GRID_PAGES_CALENDAR_DOMAIN = os.environ.get("GRID_PAGES_CALENDAR_DOMAIN") or urlsplit(PORTAL_BASE_URL).hostname or ""
# Search (docs/search.md): the database backend with Chinese segmentation by default;
# SEARCH_BACKEND=elasticsearch (or opensearch) with SEARCH_URL scales out to a server
# that has a Chinese analyzer (ik or smartcn) installed.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
SEARCH_URL = os.environ.get("SEARCH_URL", "http://127.0.0.1:9200")
SEARCH_ANALYZER = os.environ.get("SEARCH_ANALYZER", "ik_max_word")  # smartcn: smartcn_tokenizer
SEARCH_QUERY_ANALYZER = os.environ.get("SEARCH_QUERY_ANALYZER", "ik_smart")
SEARCH_RESULTS_PER_PAGE = 10
SEARCH_REINDEX_LIMIT = 500  # pages reindexed when a staff member shown on them changes
if SEARCH_BACKEND in ("elasticsearch", "opensearch"):
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "modelsearch.backends.elasticsearch8"
            if SEARCH_BACKEND == "elasticsearch"
            else "modelsearch.backends.opensearch2",
            "URLS": [SEARCH_URL],
            "INDEX": os.environ.get("SEARCH_INDEX", "portal"),
            "TIMEOUT": 5,
            "INDEX_SETTINGS": {
                "settings": {
                    "analysis": {
                        "analyzer": {
                            "default": {"type": "custom", "tokenizer": SEARCH_ANALYZER, "filter": ["lowercase"]},
                            "default_search": {
                                "type": "custom",
                                "tokenizer": SEARCH_QUERY_ANALYZER,
                                "filter": ["lowercase"],
                            },
                        }
                    }
                }
            },
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# Community pages sit under the portal's home page.
GRID_PAGES_COMMUNITY_PARENT_PAGE_TYPES = ["home.HomePage"]

# Mail goes through the outbox (outbox/): stored with the change that caused it, delivered by
# `manage.py send_outbox` (cron, every minute) through OUTBOX_EMAIL_BACKEND, with retries.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))  # seconds; a hanging server cannot hold a worker

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
