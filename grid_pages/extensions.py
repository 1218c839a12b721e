"""The public API grid sub-apps plug into.

- Child page types: a page model with ``grid_subpage = True`` may be created under
  the grid pages (and the site's campus root) that its own ``parent_page_types``
  names; it must name them, or it would be allowed everywhere.
- Sections: a ``grid_page_sections`` Wagtail hook ``fn(page, request)`` returns a
  ``Section`` (or None) that grid pages and the campus home render in ``order``.
  Each section must keep its queries bounded: pages are read far more than written.
  A hook whose section shows a volatile model (GRID_PAGES_PAGECACHE_VOLATILE_MODELS, such
  as a booking's free places) is marked ``@volatile_section``.
- Fragments' cache: a ``grid_fragment_cache`` Wagtail hook ``fn(page, request, name, render)``
  may answer with what ``render()`` returns for a named part of a grid page (each section,
  named by ``section_fragment_name``, or a template's ``{% grid_fragment name %}``), from a
  copy or ``render()``'d and kept, or decline with None; the page cache's answers for the
  requests it would share
  (``grid_pages.pagecache.fragments``). Sections and fragments must therefore depend only
  on the page, the language, the site and the data, never on the visitor or the query string.
- Landmarks: a page model with ``grid_landmark = True`` (an activity list, a reception
  page, an intake form: a few per grid level) is found by ``landmarks(page)``, the live
  ones whose parent is the page or one of its ancestors, all types in one query per
  request, so sections link to the nearest of each without a query of their own.
"""

import operator
from functools import cache, reduce


from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail import hooks
from wagtail.models import get_page_models

from . import conf
from .pagecache import generation
from .pagecache.generation import PerGeneration, at_most

# What a listing that links to pages reads of them (title and URL, place in the tree, type,
# translations): such listings load these fields only (``.only(*LINK_FIELDS, ...)``), the
# rest of a page's row (search fields, revisions, SEO, dates) would cost time on every row.
LINK_FIELDS = ("title", "url_path", "path", "depth", "live", "locale_id", "translation_key", "content_type_id")

# The grid levels' page models as parent_page_types names them (the site's own when it swaps them).
COMMUNITY = conf.get("COMMUNITY_MODEL")
BUILDING = conf.get("BUILDING_MODEL")
FLOOR = conf.get("FLOOR_MODEL")


# At most this many landmarks are kept for the whole site (per generation, below); a site with
# more reads each page's own (one query per request).
KEPT_LANDMARKS = 2000


def landmarks(page):
    """Live pages of the landmark types (``grid_landmark = True``) whose parent is ``page`` or
    one of its ancestors below the tree root, in ``page``'s locale, nearest first (the deepest
    parent first, then tree order). Generic pages (``specific_class`` tells the type) with
    ``LINK_FIELDS`` loaded, shared and read only. Picked from the site's landmarks, read once
    per page-cache generation in each process (``kept_landmarks``), or one query; kept on
    ``page`` for the rest of the request."""
    if not hasattr(page, "_grid_landmarks"):
        if not landmark_models() or not page.pk:
            page._grid_landmarks = []
        else:
            kept = kept_landmarks()
            page._grid_landmarks = _landmarks_query(page) if kept is None else _landmarks_in(kept, page)
    return page._grid_landmarks


def landmarks_along(root, url_paths):
    """A filter for the landmarks of the page at the end of ``url_paths`` (its own and its
    ancestors' children, ``landmarks``), for the route to read them with the pages along
    the URL (``routing.route``), where nothing is kept per generation (no page cache); None
    where they are kept, or ``root`` (the route's start) is not a child of the tree root."""
    if generation.installed() or root.depth != 2 or not landmark_models():
        return None
    # A page's url_path starts with its parent's, and its depth is one more.
    children_of = reduce(
        operator.or_,
        (Q(depth=root.depth + 2 + i, url_path__startswith=url_path) for i, url_path in enumerate(url_paths)),
        Q(depth=root.depth + 1, url_path__startswith=root.url_path),
    )
    return type_q(*landmark_models()) & Q(live=True) & children_of


def hand_landmarks(page, rows):
    """Give ``page`` its landmarks (``landmarks(page)``) from ``rows`` (pages the route read
    with ``landmarks_along``): no query of their own."""
    models = landmark_models()
    found = [row for row in rows if row.live and row.depth > 2 and issubclass(row.specific_class or object, models)]
    page._grid_landmarks = _landmarks_in(sorted(found, key=lambda p: (-p.depth, p.path)), page)


def _landmarks_query(page):
    step = page.steplen
    children_of = reduce(
        operator.or_,
        (Q(depth=end // step + 1, path__startswith=page.path[:end]) for end in range(2 * step, len(page.path) + 1, step)),
        Q(pk__in=[]),
    )
    return list(
        page.base_page_model.objects.filter(type_q(*landmark_models()))
        .live()
        .filter(children_of, locale_id=page.locale_id)
        .only(*LINK_FIELDS)
        .order_by("-depth", "path")
    )


def _landmarks_in(kept, page):
    """The landmarks of ``page`` among ``kept`` (every live landmark below the tree root's
    children, in landmarks' order): those whose parent's path starts ``page``'s path."""
    step = page.steplen
    path, locale_id = page.path, page.locale_id
    return [p for p in kept if p.locale_id == locale_id and path.startswith(p.path[:-step])]


def _load_landmarks():
    models = landmark_models()
    if not models:
        return []
    landmark_pages = conf.get_page_model().objects.filter(type_q(*models), depth__gt=2).live()
    return at_most(landmark_pages.only(*LINK_FIELDS).order_by("-depth", "path"), KEPT_LANDMARKS)


# Every write a public page shows bumps the generation (a landmark published, moved, retitled):
# then the next request reads them again.
_kept_landmarks = PerGeneration(_load_landmarks)


def kept_landmarks():
    """Every live landmark below the tree root's children, deepest first then in tree order,
    kept for this generation: read with the site's grid (``tree.kept_live_grid``), else on
    their own; None without the page cache or past ``KEPT_LANDMARKS`` (shared, read only)."""
    from .tree import kept_live_grid

    grid = kept_live_grid()
    if grid is not None:
        return grid.landmarks
    return _kept_landmarks.get_if_installed()


@cache
def landmark_models():
    """The page models marked ``grid_landmark`` (fixed once models are loaded)."""
    return tuple(model for model in get_page_models() if getattr(model, "grid_landmark", False))


@cache
def with_subclasses(*models):
    """``models`` and every installed model inheriting from one of them (fixed once loaded)."""
    return tuple(model for model in apps.get_models() if issubclass(model, models))


def type_q(*models):
    """``PageQuerySet.type_q(*models)`` by content type id: pages of ``models`` or a subclass.
    Wagtail's scans every installed model on each call; the models are found once here
    (content types come from Django's per-process cache of them)."""
    content_types = ContentType.objects.get_for_models(*with_subclasses(*models), for_concrete_models=False)
    return Q(content_type_id__in=sorted(ct.pk for ct in content_types.values()))


def landmarks_of(page, model):
    """``landmarks(page)`` of ``model``'s type (or a subclass), nearest first."""
    return [p for p in landmarks(page) if issubclass(p.specific_class or object, model)]


def landmarks_below(page, model):
    """Live pages of ``model``'s type (a landmark type, or a subclass) below ``page`` in its
    locale, in tree order: from the site's landmarks kept per generation, else one query."""
    kept = kept_landmarks()
    if kept is None:
        return list(model.objects.descendant_of(page).live().filter(locale_id=page.locale_id).order_by("path"))
    return sorted(
        (
            p
            for p in kept
            if p.locale_id == page.locale_id
            and p.is_descendant_of(page)
            and issubclass(p.specific_class or object, model)
        ),
        key=lambda p: p.path,
    )


def grid_subpage_models():
    return [model for model in get_page_models() if getattr(model, "grid_subpage", False)]


def add_grid_subpages(models):
    """``models`` plus every grid sub-app page type (their parent_page_types decide where)."""
    return list(models) + [m for m in grid_subpage_models() if m not in models]


def parent_types(*levels, campus=False):
    """parent_page_types for a sub-app page: the given grid levels, plus the campus
    root (the host's GRID_PAGES_COMMUNITY_PARENT_PAGE_TYPES) when ``campus``."""
    types = list(levels)
    if campus:
        campus_types = conf.get("COMMUNITY_PARENT_PAGE_TYPES")
        if campus_types is None:  # a host that did not say: only under grid pages
            return types or None
        types += [t for t in campus_types if t not in types]
    return types


@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


# The fragment names of the sections: one per ``grid_page_sections`` hook, so that a write of a
# volatile model renders again only the sections that show one (``volatile_section``).
SECTIONS = "sections:"
VOLATILE_SECTIONS = "sections:every-write:"


def volatile_section(fn):
    """Mark the ``grid_page_sections`` hook ``fn`` as showing a volatile model (a booking's free
    places): a copy of its section follows every write, the others' a change of content."""
    fn.grid_volatile_section = True
    return fn


def section_fragment_name(fn):
    """The name of hook ``fn``'s section as a fragment (``fragment_html``)."""
    kind = VOLATILE_SECTIONS if getattr(fn, "grid_volatile_section", False) else SECTIONS
    return f"{kind}{fn.__module__}.{fn.__qualname__}"


def fragment_html(page, request, name, render):
    """What ``render()`` gives for ``page``'s part ``name`` (a section, ``section_fragment_name``;
    with ``page`` None, a part that is the same on every page of the site, such as the
    find-my-room box): from the first ``grid_fragment_cache`` hook that answers, else
    ``render()``."""
    for fn in hooks.get_hooks("grid_fragment_cache"):
        html = fn(page, request, name, render)
        if html is not None:
            return html
    return render()
