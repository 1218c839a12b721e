from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    name = "grid_pages.roster"
    label = "grid_roster"
    verbose_name = _("Student roster")
    # The roster is an import kind of the importer (importing.py).
    grid_requires = ("grid_pages.importer",)
    default_auto_field = "django.db.models.BigAutoField"
