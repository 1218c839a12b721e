from django.conf import settings
from django.core.checks import Error, Warning, register

from . import conf

MIDDLEWARE = "grid_pages.pagecache.middleware.PageCacheMiddleware"


@register()
def check_settings(app_configs, **kwargs):
    errors = []
    middleware = list(settings.MIDDLEWARE)
    if MIDDLEWARE not in middleware:
        errors.append(
            Warning(
                f"grid_pages.pagecache is installed but {MIDDLEWARE} is not in MIDDLEWARE: nothing is cached.",
                id="grid_pagecache.W001",
            )
        )
    elif middleware.index(MIDDLEWARE) != 0:
        errors.append(
            Warning(
                f"{MIDDLEWARE} should come first in MIDDLEWARE, so that a hit skips the others.",
                id="grid_pagecache.W002",
            )
        )
    for name in ("GENERATION_CACHE", "CACHE"):
        alias = conf.get(name)
        if alias is not None and alias not in settings.CACHES:
            errors.append(
                Error(f"GRID_PAGES_PAGECACHE_{name} names no cache in CACHES: {alias!r}.", id="grid_pagecache.E001")
            )
    for name in ("MAX_BYTES", "MAX_ENTRY_BYTES", "TIMEOUT"):
        value = conf.get(name)
        if not isinstance(value, int) or value < 1:
            errors.append(Error(f"GRID_PAGES_PAGECACHE_{name} must be a positive integer.", id="grid_pagecache.E002"))
    for name in ("PAGE_TYPES", "URL_NAMES", "IGNORE_MODELS", "VOLATILE_MODELS"):
        value = conf.get(name)
        if name == "PAGE_TYPES" and value is None:
            continue
        if isinstance(value, str) or not all(isinstance(v, str) for v in value):
            errors.append(Error(f"GRID_PAGES_PAGECACHE_{name} must be a list of strings.", id="grid_pagecache.E003"))
    return errors
