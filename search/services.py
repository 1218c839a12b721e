"""Site search: room and building lookups first, then the segmented full-text search."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from grid_pages.lookup import find_rooms, parse_room_query, rooms_starting

from .segment import query_terms

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """What the user typed, printable and bounded (PostgreSQL refuses NUL)."""
    raw = str(raw or "")[: MAX_QUERY_LENGTH * 4]
    text = "".join(c if c.isprintable() else " " for c in raw)
    # Lone surrogates from %ED%A0%80 cannot be encoded for the database.
    text = text.encode("utf-8", "ignore").decode("utf-8")
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_LENGTH]


@dataclass
class Place:
    """A room or a building the lookup resolved, shown above the search results."""

    title: str
    url: str
    type: str


@dataclass
class SearchOutcome:
    query: str
    places: list = field(default_factory=list)  # lookup hits, best first
    results: object = None  # lazy search results (pages, specific)
    suggestions: list = field(default_factory=list)  # buildings to offer when nothing matches
    exact: bool = False  # the lookup resolved exactly one room or building


def _room_place(room, request):
    floor_url = room.floor.get_url(request) or ""
    building = getattr(room, "building", None)
    title = " ".join(p for p in (building.title if building else "", room.floor.title, room.number) if p)
    return Place(title=title, url=f"{floor_url}#{room.anchor}", type=str(room._meta.verbose_name))


def _page_place(page, request):
    """A building, or a community, as a place."""
    return Place(title=page.title, url=page.get_url(request) or "", type=str(page._meta.verbose_name))


def _lookup(query, request, locale=None):
    """(places, suggested buildings, exact) for a query naming a room, a building or a community.

    3栋502 and 3-502 give the room, 庠园 3栋 the building, 庠园 the community;
    several matches are all listed; 庠园9栋 suggests the community's buildings.
    """
    parsed = parse_room_query(query)
    if not parsed:
        return [], [], False
    lookup = find_rooms(query, locale=locale)
    if lookup.room:
        return [_room_place(lookup.room, request)], [], True
    if lookup.building:
        return [_page_place(lookup.building, request)], [], True
    # 3栋5 or 3栋50, a room number half typed: that building's rooms come before any
    # full-text match (the 5层 floors of every other building).
    started = [] if lookup.rooms or lookup.nearby else rooms_starting(query, locale=locale)
    if not (parsed.building or parsed.room) and not started:
        # A name alone: the community it names, else the full-text search decides (宿舍, 文化节).
        if len(lookup.communities) == 1:
            return [_page_place(lookup.communities[0], request)], [], True
        return [], [], False
    places = [_room_place(room, request) for room in lookup.rooms + lookup.nearby + started]
    suggestions = []
    if not places:
        suggestions = lookup.buildings or (
            find_rooms(parsed.community, locale=locale).buildings if parsed.community else []
        )
    return places, suggestions, False


def searchable_pages(locale=None):
    """Live public pages in ``locale`` (default: the active one). Building it reads the view
    restrictions (one query): build it once per request and search it as often as needed."""
    locale = locale or Locale.get_active()
    return Page.objects.live().public().filter(locale=locale).specific()


def pages_for(query, locale=None, operator="and", pages=None):
    """Live public pages in ``locale`` matching ``query``, most relevant first (lazy)."""
    pages = searchable_pages(locale) if pages is None else pages
    return pages.search(query, operator=operator)


def site_search(query, request):
    """Search everything public in the active language.

    Every word must match; when that finds nothing the words are tried one by
    one (OR), so a stray word does not empty the page.
    """
    outcome = SearchOutcome(query=query)
    if not query:
        return outcome
    locale = Locale.get_active()  # once for the lookup and both searches
    outcome.places, outcome.suggestions, outcome.exact = _lookup(query, request, locale)
    terms = query_terms(query)
    if not terms:
        outcome.results = Page.objects.none()
        return outcome
    pages = searchable_pages(locale)
    results = pages_for(" ".join(terms), pages=pages)
    if len(terms) > 1 and not results[:1]:
        results = pages_for(" ".join(terms), operator="or", pages=pages)
    outcome.results = results
    return outcome


def attach_parent_titles(pages):
    """Give each page ``parent_title`` (its community or building, say) in one query.

    Pages right under the site's home page get an empty one.
    """
    pages = list(pages)
    parent_paths = {p.path[: -p.steplen] for p in pages if p.depth > 3}
    titles = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title")) if parent_paths else {}
    for page in pages:
        page.parent_title = titles.get(page.path[: -page.steplen], "")
    return pages


def context_title(page):
    """``庠园3栋 › 3层`` for a page below a community, the title alone otherwise."""
    parent = getattr(page, "parent_title", "")
    return f"{parent} › {page.title}" if parent else page.title


def per_page():
    return getattr(settings, "SEARCH_RESULTS_PER_PAGE", 10)


def type_label(page):
    return str(page._meta.verbose_name) if page is not None else _("Page")
