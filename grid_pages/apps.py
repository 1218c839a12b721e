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
        from wagtail.models import pages

        from . import checks  # (registers system checks)

        checks.require_grid_apps()

        # A concrete grid page the site swapped out for its own (GRID_PAGES_COMMUNITY_MODEL, ...)
        # has no table: Wagtail must not offer it as a page type.
        pages.PAGE_MODEL_CLASSES[:] = [m for m in pages.PAGE_MODEL_CLASSES if not m._meta.swapped]
