from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

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
    errors += check_grid_models()
    limit = conf.get("LOOKUP_MAX_CANDIDATES")
    if not isinstance(limit, int) or limit < 1:
        errors.append(
            Error("GRID_PAGES_LOOKUP_MAX_CANDIDATES must be a positive integer.", id="grid_pages.E002")
        )
    return errors


@register(Tags.database)
def check_working_calendar(app_configs, databases=None, **kwargs):
    """Warn while the statutory schedule of this year (or, from December, the next) is missing.

    It reads the working calendar, so it is a database check: ``check --database default`` and
    ``migrate`` run it (a plain ``check``, e.g. ``--deploy`` on a build machine, does not).
    """
    from django.db import DatabaseError

    if not databases:
        return []
    from .workcalendar import missing_schedule_years

    try:
        missing = missing_schedule_years()
    except DatabaseError:  # not migrated yet: only the library counts
        missing = missing_schedule_years(entered=False)
    if not missing:
        return []
    years = ", ".join(str(y) for y in missing)
    return [
        Warning(
            f"The public holidays and make-up working days of {years} are not known: deadlines count Monday to Friday.",
            hint="Upgrade chinesecalendar, or enter the State Council's schedule in the admin (Grid > Working calendar).",
            id="grid_pages.W001",
        )
    ]


def check_grid_models():
    """GRID_PAGES_COMMUNITY_MODEL and its siblings name installed pages built on the mixins."""
    from django.apps import apps

    from .models import BuildingPageMixin, CommunityPageMixin, FloorPageMixin

    errors = []
    for name, mixin in (("COMMUNITY_MODEL", CommunityPageMixin), ("BUILDING_MODEL", BuildingPageMixin), ("FLOOR_MODEL", FloorPageMixin)):
        label = conf.get(name)
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError, TypeError):
            model = None
        if model is None or not issubclass(model, mixin) or model._meta.swapped:
            errors.append(
                Error(
                    f"GRID_PAGES_{name} refers to {label!r}, which is not an installed page model built on {mixin.__name__}.",
                    hint="Name your own page class as 'app_label.ModelName' (see docs/plugin.md).",
                    id="grid_pages.E003",
                )
            )
    return errors


def require_grid_apps():
    """Refuse to start when a sub-app lacks the sub-apps it declares it needs (``grid_requires``
    on its AppConfig, e.g. the importer needs the plaques): its modules import theirs, so the
    site would fail later, at the first request, with a less clear error."""
    from django.apps import apps

    for config in apps.get_app_configs():
        missing = [name for name in getattr(config, "grid_requires", ()) if not apps.is_installed(name)]
        if missing:
            raise ImproperlyConfigured(
                f"{config.name} needs {', '.join(missing)} in INSTALLED_APPS (see docs/plugin.md)."
            )
