from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "grid_pages.notices"
    label = "grid_notices"
    verbose_name = _("Notices")
    default_auto_field = "django.db.models.BigAutoField"
