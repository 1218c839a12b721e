from django.apps import AppConfig
from django.db.models.signals import post_migrate


class HomeConfig(AppConfig):
    name = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import site_url  # registers the deploy check

        post_migrate.connect(site_url.apply_after_migrate, sender=self, dispatch_uid="home.apply_base_url")
