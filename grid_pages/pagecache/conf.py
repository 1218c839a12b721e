"""GRID_PAGES_PAGECACHE_* settings with their defaults; the only place the page cache reads settings."""

from django.conf import settings

DEFAULTS = {
    # Page types ("app_label.ModelName") whose anonymous pages are cached; None: every
    # page type except form pages (``wagtail.contrib.forms``), which take POSTs.
    "PAGE_TYPES": None,
    # Names of other views ("namespace:name") whose anonymous GETs are cached. They must
    # be the same for every visitor and take their language from the URL (i18n_patterns).
    # By default the grid core's JSON: a building's floors and rooms, the campus's buildings.
    "URL_NAMES": ["grid_pages:building_rooms", "grid_pages:find_buildings"],
    # Models ("app_label.modelname") whose writes change no public page: no invalidation.
    "IGNORE_MODELS": [
        "admin.logentry",
        "sessions.session",
        "contenttypes.contenttype",
        "auth.permission",
        "wagtailadmin.editingsession",
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
        "wagtailcore.pagesubscription",
        "wagtailcore.uploadedfile",
        "wagtailcore.referenceindex",
        "wagtailcore.taskstate",
        "wagtailcore.workflowstate",
        "wagtailembeds.embed",
        "wagtailimages.rendition",
        "wagtailsearch.indexentry",
        "wagtailusers.userprofile",
    ],
    # Models ("app_label.modelname") that visitors write often and that change only a few
    # numbers on the pages showing them (a reception booking: a session's free places). Their
    # writes make the pages that showed such a model render again (their rendering read its
    # table, a value kept ``every_write`` or a section marked volatile: ``generation.watching``)
    # and leave the other pages' copies, their fragments and what each process keeps of the
    # whole site for the pages' parts (the grid, people, plaques, lists). Their writes must not
    # move a time-driven change (``page_cache_next_change``): the moments follow the content too.
    "VOLATILE_MODELS": [],
    # Where the generation lives for processes on one host: a file whose mtime is the
    # generation. None: next to an SQLite database file, else in the temporary directory
    # (one file per database). Every process (web, cron, shell) must see the same file.
    "GENERATION_FILE": None,
    # A cache alias (Redis) holding the generation instead of the file, for several hosts.
    "GENERATION_CACHE": None,
    # A cache alias where rendered pages are shared between processes (Redis); None keeps
    # them in each process only.
    "CACHE": None,
    # Bytes of pages each process keeps in memory (least recently used dropped first).
    "MAX_BYTES": 32 * 1024 * 1024,
    # Bodies larger than this are not cached.
    "MAX_ENTRY_BYTES": 1024 * 1024,
    # Longest life of a copy in seconds, even when nothing changes (a safety net).
    "TIMEOUT": 24 * 3600,
    # Response header telling "hit" from "miss" (tests, benchmarks); None sends none.
    "STATUS_HEADER": None,
    # A request header that makes the cache step aside (benchmarks): the page is rendered,
    # with what is kept per generation for its parts (site, sections); None: not honoured.
    "BYPASS_HEADER": None,
    # Cookies that mean "this visitor may see something personal": session, flash messages.
    # None: the session cookie and Django's message cookie.
    "BYPASS_COOKIES": None,
}


def get(name):
    return getattr(settings, f"GRID_PAGES_PAGECACHE_{name}", DEFAULTS[name])


def bypass_cookies():
    cookies = get("BYPASS_COOKIES")
    if cookies is None:
        cookies = [settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages")]
    return tuple(cookies)
