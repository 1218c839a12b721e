from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "grid_pages.reception"
    label = "grid_reception"
    verbose_name = _("Reception")
    default_auto_field = "django.db.models.BigAutoField"
