"""GRID_PAGES_HOLIDAYS_* settings with their defaults; the only place the holidays app reads settings."""

from django.conf import settings

DEFAULTS = {
    # Working days an unreturned student is followed at each level (grid, then counsellor)
    # before the follow-up goes up to the next (counsellor, then the office).
    "FOLLOWUP_WORKING_DAYS": 1,
    # Declarations one client may try per window (seconds); wrong number/phone pairs count.
    "DECLARE_RATE": (10, 600),
    # Cache alias for the rate limit: one every server process shares.
    "RATELIMIT_CACHE": "default",
    # Days a signed declaration link from a grid member stays valid.
    "LINK_MAX_AGE_DAYS": 30,
}


def get(name):
    return getattr(settings, f"GRID_PAGES_HOLIDAYS_{name}", DEFAULTS[name])
