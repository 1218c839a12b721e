from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImporterConfig(AppConfig):
    name = "grid_pages.importer"
    label = "grid_importer"
    verbose_name = _("Importer")
    default_auto_field = "django.db.models.BigAutoField"
