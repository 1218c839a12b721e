from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    name = "grid_pages.roster"
    label = "grid_roster"
    verbose_name = _("Student roster")
    default_auto_field = "django.db.models.BigAutoField"
