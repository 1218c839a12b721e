"""GRID_PAGES_NIGHTCHECKS_* settings with their defaults; the only place the app reads settings."""

from django.conf import settings

DEFAULTS = {
    # (absences, days): a student absent this many nights within this many days is flagged.
    "REPEATED_ABSENCES": (3, 30),
}


def get(name):
    return getattr(settings, f"GRID_PAGES_NIGHTCHECKS_{name}", DEFAULTS[name])
