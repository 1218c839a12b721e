from django.core.checks import Error, register

from . import conf


@register()
def check_settings(app_configs, **kwargs):
    errors = []
    parents = conf.get("COMMUNITY_PARENT_PAGE_TYPES")
    if parents is not None and (
        isinstance(parents, str) or not all(isinstance(p, str) and "." in p for p in parents)
    ):
        errors.append(
            Error(
                "GRID_PAGES_COMMUNITY_PARENT_PAGE_TYPES must be None or a list of "
                "'app_label.ModelName' strings.",
                id="grid_pages.E001",
            )
        )
    limit = conf.get("LOOKUP_MAX_CANDIDATES")
    if not isinstance(limit, int) or limit < 1:
        errors.append(
            Error("GRID_PAGES_LOOKUP_MAX_CANDIDATES must be a positive integer.", id="grid_pages.E002")
        )
    return errors
