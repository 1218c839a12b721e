from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImporterConfig(AppConfig):
    name = "grid_pages.importer"
    label = "grid_importer"
    verbose_name = _("Importer")
    # Grid files carry plaque columns (plan.py, apply.py).
    grid_requires = ("grid_pages.plaques",)
    default_auto_field = "django.db.models.BigAutoField"
