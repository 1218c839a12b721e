from .base import *  # noqa: F401,F403

SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # As in production without Redis: the rate limit counts in the database, shared by processes.
    "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_shared_cache"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = str(BASE_DIR / ".test-media")  # noqa: F405
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(BASE_DIR / ".test-media" / "private")},  # noqa: F405
    },
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files from the apps as in development; tests run without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A test-only app with a PROTECT foreign key to rooms (tests/testapp).
INSTALLED_APPS = INSTALLED_APPS + ["tests.testapp"]  # noqa: F405

# The page cache stays installed (its signals run) but out of MIDDLEWARE, so that tests
# read what views render; tests/pagecache turns it on.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "grid_pages.pagecache.middleware.PageCacheMiddleware"]  # noqa: F405
