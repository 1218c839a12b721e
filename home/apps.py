from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HomeConfig(AppConfig):
    name = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from grid_pages.signals import content_changed

        from . import site_url, translation  # site_url registers the deploy check

        post_migrate.connect(site_url.apply_after_migrate, sender=self, dispatch_uid="home.apply_base_url")
        post_migrate.connect(translation.sync_after_migrate, sender=self, dispatch_uid="home.sync_locale_trees")
        content_changed.connect(translation.sync_after_bulk_change, dispatch_uid="home.sync_after_bulk_change")
