from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "grid_pages.pagecache"
    label = "grid_pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers checks and receivers)

        signals.connect()
