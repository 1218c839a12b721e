"""Startup checks for the cases settings."""

from django.conf import settings
from django.core.checks import Warning, register

from . import conf


@register()
def check_ratelimit_cache(app_configs, **kwargs):
    alias = conf.get("RATELIMIT_CACHE")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if not backend:
        return [
            Warning(
                f"GRID_PAGES_CASES_RATELIMIT_CACHE names the cache {alias!r}, which is not in CACHES.",
                id="grid_cases.W001",
            )
        ]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "The cases rate limit uses a per-process cache; with several server processes each "
                "keeps its own count. Use Redis or django.core.cache.backends.db.DatabaseCache.",
                hint="Set CACHES or GRID_PAGES_CASES_RATELIMIT_CACHE.",
                id="grid_cases.W002",
            )
        ]
    return []
