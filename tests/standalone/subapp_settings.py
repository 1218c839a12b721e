"""The standalone site with the grid core and one sub-app (``GRID_STANDALONE_SUBAPP``, e.g. ``plaques``)
plus the sub-apps it declares it needs (``grid_requires`` on its AppConfig), nothing else; the core
alone when it is empty."""

import os
from importlib import import_module

from django.apps import AppConfig

from .settings import *  # noqa: F401,F403
from .settings import WAGTAIL_APPS

SUBAPPS = (
    "plaques", "activities", "notices", "reception", "access", "importer", "coverage", "cases",
    "roster", "holidays", "nightchecks", "inspections",
)


def app_config_class(app):
    """The AppConfig class of ``app`` (read before Django is set up)."""
    module = import_module(f"{app}.apps")
    return next(c for c in vars(module).values() if isinstance(c, type) and issubclass(c, AppConfig) and getattr(c, "name", None) == app)


def with_requirements(app):
    """``app`` and, before it, what it declares it needs (``grid_requires``, recursively)."""
    apps = []
    for required in getattr(app_config_class(app), "grid_requires", ()):
        apps += [a for a in with_requirements(required) if a not in apps]
    return [*apps, app]


SUBAPP = os.environ.get("GRID_STANDALONE_SUBAPP", "")
# GRID_STANDALONE_ALONE=1 leaves the requirements out: the site must then refuse to start.
if not SUBAPP:
    INSTALLED_APPS = ["grid_pages", *WAGTAIL_APPS]
elif os.environ.get("GRID_STANDALONE_ALONE"):
    INSTALLED_APPS = ["grid_pages", f"grid_pages.{SUBAPP}", *WAGTAIL_APPS]
else:
    INSTALLED_APPS = ["grid_pages", *with_requirements(f"grid_pages.{SUBAPP}"), *WAGTAIL_APPS]
