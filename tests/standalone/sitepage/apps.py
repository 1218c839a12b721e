from django.apps import AppConfig


class SitePageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tests.standalone.sitepage"
    label = "sitepage"
