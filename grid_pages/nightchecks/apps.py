from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NightChecksConfig(AppConfig):
    name = "grid_pages.nightchecks"
    label = "grid_nightchecks"
    verbose_name = _("Night checks")
    # Night checks tick the roster's students.
    grid_requires = ("grid_pages.roster",)
    default_auto_field = "django.db.models.BigAutoField"
