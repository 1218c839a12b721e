from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridPagesConfig(AppConfig):
    name = "grid_pages"
    label = "grid_pages"
    verbose_name = _("Grid management")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers system checks)
