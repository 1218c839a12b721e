from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Django's own msgids, translated in the grid's catalogue (an app's catalogue wins over
# Django's): its zh_Hans keeps the ASCII ":" after form labels and lets only ASCII
# punctuation stop it, so a Chinese label ending in 。 or ？ read "。:" / "？:".
LABEL_SUFFIX = gettext_noop(":")
LABEL_ENDINGS = gettext_noop(":?.!")


class GridPagesConfig(AppConfig):
    name = "grid_pages"
    label = "grid_pages"
    verbose_name = _("Grid management")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers system checks)
