"""The public API grid sub-apps plug into.

- Child page types: a page model with ``grid_subpage = True`` may be created under
  the grid pages (and the site's campus root) that its own ``parent_page_types``
  names; it must name them, or it would be allowed everywhere.
- Sections: a ``grid_page_sections`` Wagtail hook ``fn(page, request)`` returns a
  ``Section`` (or None) that grid pages and the campus home render in ``order``.
  Each section must keep its queries bounded: pages are read far more than written.
"""

from dataclasses import dataclass, field

from wagtail import hooks
from wagtail.models import get_page_models

from . import conf

COMMUNITY = "grid_pages.CommunityPage"
BUILDING = "grid_pages.BuildingPage"
FLOOR = "grid_pages.FloorPage"


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


def page_sections(page, request):
    """Sections the installed sub-apps add to ``page``, in order."""
    sections = [section for fn in hooks.get_hooks("grid_page_sections") if (section := fn(page, request))]
    return sorted(sections, key=lambda s: s.order)
