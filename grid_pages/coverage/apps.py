from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "grid_pages.coverage"
    label = "grid_coverage"
    verbose_name = _("Coverage")
    default_auto_field = "django.db.models.BigAutoField"
