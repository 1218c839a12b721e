"""Parts of a grid page kept as rendered fragments per page, language and generation.

The sections (``grid_pages.extensions``: notices, activities, plaques, reception ...) are
about half of what an uncached grid page costs, and carry no per-user state; so do a
community's and a building's own lists (people, buildings or floors with their heads:
``{% grid_fragment "people" %}``). When the page cache does not answer (a ``?room=``
variant of a floor, any other query string, a page not stored), the fragments rendered
for an earlier request of the same generation are reused. They are never stale by the page
cache's own rules: keyed by the generation (any write changes it) and expiring at the
next time-driven change (``moments.valid_until``: a notice going live, an activity moving
to the archive, a reception session closing). Each section is a fragment of its own
(``extensions.section_fragment_name``): one that shows what a volatile model's write
changes (a reception session's free places: GRID_PAGES_PAGECACHE_VOLATILE_MODELS; its hook
is marked ``@volatile_section``) follows every write; the other sections and parts (a
page's own lists, the find-my-room box) never show such a model and follow the content
generation (``generation.content``): a booking leaves their copies, and a page renders
again only its reception section. A copy says whether its rendering read a volatile model
(``generation.watching``), so that a page stored with it follows every write as well.

Only for requests the page cache itself would share: anonymous GET/HEAD requests that
went through its middleware (``request.page_cache_generation`` and ``page_cache_now``, read
before rendering; without the middleware, as in the test settings, sections render every
time), of a page type it stores (``request.page_cache_allowed``, the ``allow`` of
``before_serve_page``), never a preview (logged in, and ``request.is_preview``). The copies
live where the page cache keeps pages (``store``: this process, and the shared cache when
configured), bounded by the same byte budget.
"""

from django.utils.translation import get_language

from ..extensions import VOLATILE_SECTIONS
from . import conf, generation, moments, store


# Kept with a copy whose rendering read a volatile model (``generation.watching``): a page
# that shows the copy follows every write, as it would had it rendered the part itself.
SHOWS_VOLATILE = "shows-volatile"


def prefix(name):
    return f"fragment:{name}:"


def shareable(page, request):
    """The request is one the page cache would share, for a live page (not a preview); with
    ``page`` None, for a part that is the same on every page of the site."""
    return (
        request is not None
        and getattr(request, "page_cache_generation", None) is not None
        and getattr(request, "page_cache_allowed", False)
        and not getattr(request, "is_preview", False)
        and (page is None or (page.pk is not None and page.live))
    )


def key(page, request, name):
    # Host: page URLs are relative to the request's site. Language: interface strings, URL prefixes.
    return f"{prefix(name)}{request.scheme}://{request.get_host()}|{get_language()}|{'' if page is None else page.pk}"


def fragment(page, request, name, render):
    """The fragment ``name``'s HTML from a copy for this page (None: any page of the site),
    language and generation, or
    ``render()``'d and kept; None (the caller renders) for a request that must not share one."""
    if not shareable(page, request):
        return None
    volatile = name.startswith(VOLATILE_SECTIONS)
    content = generation.content_of(request)
    # Only the sections marked as showing a volatile model (a community's reception sessions)
    # follow every write; the other parts follow the content generation.
    current = request.page_cache_generation if volatile else content
    now = request.page_cache_now  # the page's own clock: a fragment expires with the page
    fragment_key = key(page, request, name)
    entry = store.get(fragment_key, current, now)
    if entry is not None:
        if entry.headers.get(SHOWS_VOLATILE):
            generation.note_volatile()  # as its rendering did: the page showing it follows every write
        return entry.body.decode()
    with generation.watching() as watch:
        html = render()
    body = html.encode()
    if len(body) <= conf.get("MAX_ENTRY_BYTES"):
        shows = {SHOWS_VOLATILE: True} if watch.volatile else {}
        store.put(fragment_key, store.Entry(current, moments.valid_until(content, now), 200, shows, body, "", ""), now)
    return html
