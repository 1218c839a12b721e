"""Production settings for bench/submit_load.py, with the submission rate limit lifted (the
bench's 50 clients share one address); everything else comes from portal.settings.production."""

from portal.settings.production import *  # noqa: F403

GRID_PAGES_CASES_SUBMIT_RATE = (1_000_000, 600)
