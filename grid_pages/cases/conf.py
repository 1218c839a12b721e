"""GRID_PAGES_CASES_* settings with their defaults; the only place the cases app reads settings."""

from django.conf import settings

DEFAULTS = {
    # Cache alias that counts submissions and tracking-code guesses per client. It must be
    # shared by every server process (Redis, or Django's database cache); a per-process
    # cache (locmem) would let a client multiply its allowance by the number of processes.
    "RATELIMIT_CACHE": "default",
    # Submissions one client may make per window (seconds).
    "SUBMIT_RATE": (5, 600),
    # Tracking-code lookups one client may make per window (seconds); wrong codes count.
    "TRACK_RATE": (30, 600),
    # Trust the first address of X-Forwarded-For (only behind a proxy that sets it).
    "TRUST_X_FORWARDED_FOR": False,
    # Photo limits.
    "MAX_PHOTOS": 3,
    "MAX_PHOTO_BYTES": 5 * 1024 * 1024,
    "MAX_PHOTO_PIXELS": 40_000_000,
    # Storage alias (settings.STORAGES) for case photos: they show students' rooms, so the
    # host should give one that no web server serves directly; views stream them after a scope check.
    "PHOTO_STORAGE": "default",
    # Longest side of a stored photo after re-encoding.
    "PHOTO_MAX_SIDE": 2560,
    # Days to feed back when a category says nothing.
    "DEFAULT_DEADLINE_DAYS": 3,
    # Calendar days a student has to rate a result; unrated cases are then closed
    # (``services.close_expired_followups``) and counted apart.
    "FOLLOWUP_DAYS": 7,
    # Working hours before a deadline at which its handlers are reminded (once); 0 switches
    # reminders off. Nearer deadlines are reminded half-way.
    "REMINDER_HOURS_BEFORE": 4,
    # Whether a case nobody responded to by the first-response deadline is referred up too
    # (the resolution deadline always refers it up).
    "ESCALATE_ON_RESPONSE_DEADLINE": True,
    # Address for case e-mail; None uses DEFAULT_FROM_EMAIL.
    "FROM_EMAIL": None,
    # Grid roles whose people handle the cases of their page's part of the grid; None: the
    # grid's staff roles (GRID_PAGES_STAFF_ROLES).
    "HANDLER_ROLES": None,
    # Group that sees and handles every case (the student-affairs office); None: the grid's
    # office group (GRID_PAGES_OFFICE_GROUP).
    "OFFICE_GROUP": None,
    # Cases shown per page in the queue.
    "QUEUE_PAGE_SIZE": 50,
    # The match count above a filtered queue stops at this many ("more than 1,000"): counting
    # every case of a broad filter would cost more than the page itself. 0 counts them all.
    "QUEUE_COUNT_LIMIT": 1000,
}


# Settings that fall back to the grid core's when unset (None).
_FROM_CORE = {"HANDLER_ROLES": "STAFF_ROLES", "OFFICE_GROUP": "OFFICE_GROUP"}


def get(name):
    value = getattr(settings, f"GRID_PAGES_CASES_{name}", DEFAULTS[name])
    if value is None and name in _FROM_CORE:
        from grid_pages import conf as core_conf

        return core_conf.get(_FROM_CORE[name])
    return value
