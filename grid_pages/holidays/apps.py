from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HolidaysConfig(AppConfig):
    name = "grid_pages.holidays"
    label = "grid_holidays"
    verbose_name = _("Holiday departure and return")
    default_auto_field = "django.db.models.BigAutoField"
