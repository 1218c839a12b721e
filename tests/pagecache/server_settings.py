"""Settings of the server processes the page cache tests start (and of the in-process tests
that turn the cache on): the test settings with the page cache first in MIDDLEWARE."""

import os

from portal.settings.test import *  # noqa: F401,F403

PAGECACHE = "grid_pages.pagecache.middleware.PageCacheMiddleware"
MIDDLEWARE = [PAGECACHE] + [m for m in MIDDLEWARE if m != PAGECACHE]  # noqa: F405
GRID_PAGES_PAGECACHE_STATUS_HEADER = "X-Page-Cache"
GRID_PAGES_PAGECACHE_GENERATION_FILE = os.environ.get("PAGECACHE_GENERATION_FILE") or None
if os.environ.get("PAGECACHE_REDIS_URL"):
    CACHES = {
        **CACHES,  # noqa: F405
        "pagecache": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["PAGECACHE_REDIS_URL"],
            "KEY_PREFIX": os.environ.get("PAGECACHE_REDIS_PREFIX", "pagecache_test"),
        },
    }
    GRID_PAGES_PAGECACHE_GENERATION_CACHE = "pagecache"
    GRID_PAGES_PAGECACHE_CACHE = "pagecache"
