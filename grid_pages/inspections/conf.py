"""GRID_PAGES_INSPECTIONS_* settings with their defaults; the only place the app reads settings."""

from django.conf import settings

DEFAULTS = {
    # Whether a room head (寝室长, a student with a login linked to the room's head) may record
    # an inspection of their own room. Off by default: inspections are the grid staff's work.
    "ROOM_HEADS_RECORD": False,
    # Storage alias (settings.STORAGES) for finding photos: they show students' rooms, so give
    # one that no web server serves; views stream them after a scope check.
    "PHOTO_STORAGE": "default",
    # Photo limits per finding.
    "MAX_PHOTOS": 3,
    "MAX_PHOTO_BYTES": 5 * 1024 * 1024,
    "MAX_PHOTO_PIXELS": 40_000_000,
    "PHOTO_MAX_SIDE": 1600,
    # Working days to rectify when a hazard type says nothing.
    "DEFAULT_RECTIFY_DAYS": 3,
    # Address for inspection mail; None uses DEFAULT_FROM_EMAIL.
    "FROM_EMAIL": None,
    # Rows per page in the ledgers.
    "PAGE_SIZE": 50,
}


def get(name):
    return getattr(settings, f"GRID_PAGES_INSPECTIONS_{name}", DEFAULTS[name])
