from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HolidaysConfig(AppConfig):
    name = "grid_pages.holidays"
    label = "grid_holidays"
    verbose_name = _("Holiday departure and return")
    # Holiday records are about the roster's students.
    grid_requires = ("grid_pages.roster",)
    default_auto_field = "django.db.models.BigAutoField"
