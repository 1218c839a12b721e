from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlaquesConfig(AppConfig):
    name = "grid_pages.plaques"
    label = "grid_plaques"
    verbose_name = _("Plaques")
    default_auto_field = "django.db.models.BigAutoField"
