from django.apps import AppConfig


class SiteGridConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tests.standalone.sitegrid"
    label = "sitegrid"
