"""Coverage of the grid (全覆盖, 不漏一人): which communities, buildings, floors and rooms
have nobody responsible for them.

A community is covered by a community head (社区长), a building by a building head
(楼长), a floor by a floor head (层长), each a ``GridAssignment`` on the page; a room
by its ``Room.head`` (寝室长). Only live pages of one locale count (the default one
unless told): translations are copies of the same grid and would count it twice.
A page counts only when its whole chain up to the community is live, because a
floor under an unpublished building is not part of the grid students see.

``coverage_report`` runs a fixed number of queries whatever the size of the campus.
"""

import math
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from wagtail import hooks
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from grid_pages.conf import get_building_model, get_community_model, get_floor_model, get_page_model
from grid_pages.models import GridAssignment, Room
from grid_pages.roles import GridRole

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()

CHAIN_SEPARATOR = " › "


@dataclass
class UncoveredItem:
    """A community, building, floor or room nobody is responsible for."""

    name: str
    chain: list  # titles from the community down to this item, itself included
    page_id: int  # the page to edit to fix it: the item itself, or a room's floor

    @property
    def chain_display(self):
        return CHAIN_SEPARATOR.join(self.chain)


@dataclass
class LevelCoverage:
    key: str  # community, building, floor, room
    label: str
    responsible: str  # the role that covers this level
    empty_message: str
    total: int = 0
    covered: int = 0
    uncovered: list = field(default_factory=list)

    @property
    def missing(self):
        return self.total - self.covered

    @property
    def percentage(self):
        """Covered share in percent, rounded down to one decimal; None when the level is empty.

        Rounded down so that 999 of 1000 shows 99.9, never a reassuring 100.
        """
        if not self.total:
            return None
        return math.floor(self.covered * 1000 / self.total) / 10

    @property
    def is_complete(self):
        return self.total > 0 and self.covered == self.total


@dataclass
class CoverageReport:
    locale: Locale
    levels: list

    def __iter__(self):
        return iter(self.levels)

    def level(self, key):
        return next(level for level in self.levels if level.key == key)


def _levels():
    return [
        LevelCoverage("community", _("Communities"), GridRole.COMMUNITY_HEAD.label, _("No communities yet.")),
        LevelCoverage("building", _("Buildings"), GridRole.BUILDING_HEAD.label, _("No buildings yet.")),
        LevelCoverage("floor", _("Floors"), GridRole.FLOOR_HEAD.label, _("No floors yet.")),
        LevelCoverage("room", _("Rooms"), GridRole.ROOM_HEAD.label, _("No rooms yet.")),
    ]


def _pages(model, role, locale, root):
    """Live pages of one grid level in the locale, each flagged with whether it has a head."""
    pages = model.objects.live().filter(locale=locale)
    if root is not None:
        pages = pages.descendant_of(root, inclusive=True)
    heads = GridAssignment.objects.filter(page_id=OuterRef("pk"), role=role)
    return pages.annotate(has_head=Exists(heads)).order_by("path")


def coverage_report(root=None, locale=None):
    """Totals, covered counts and uncovered items per grid level, under ``root`` in
    ``locale`` (the default locale when None).

    ``root`` is a page at or above community level (a site's home, a community);
    None means every community in the locale.

    Six queries (five when ``locale`` is given), however many pages and rooms there are.
    """
    locale = locale or Locale.get_default()
    community_level, building_level, floor_level, room_level = levels = _levels()
    steplen = Page.steplen

    # path -> chain of titles; a page whose parent is missing from the map is
    # under an unpublished (or foreign) page and is left out.
    chains = {}

    def count_pages(level, model, role, top=False):
        """Fill ``level`` from one query; returns the counted pages as pk -> path."""
        counted = {}
        rows = _pages(model, role, locale, root).values_list("pk", "path", "title", "has_head")
        for pk, path, title, has_head in rows:
            parent_chain = [] if top else chains.get(path[:-steplen])
            if parent_chain is None:
                continue
            chains[path] = chain = [*parent_chain, title]
            counted[pk] = path
            level.total += 1
            if has_head:
                level.covered += 1
            else:
                level.uncovered.append(UncoveredItem(title, chain, pk))
        return counted

    count_pages(community_level, get_community_model(), GridRole.COMMUNITY_HEAD, top=True)
    count_pages(building_level, get_building_model(), GridRole.BUILDING_HEAD)
    floor_paths = count_pages(floor_level, get_floor_model(), GridRole.FLOOR_HEAD)

    # Rooms are filtered with the same subquery as the floors, then kept only on
    # counted floors; counts come per floor so no room list is loaded but the uncovered.
    floors = _pages(get_floor_model(), GridRole.FLOOR_HEAD, locale, root).values("pk")
    per_floor = (
        Room.objects.filter(floor__in=floors)
        .values("floor_id")
        .annotate(total=Count("pk"), covered=Count("head"))
        .order_by()
    )
    for row in per_floor:
        if row["floor_id"] in floor_paths:
            room_level.total += row["total"]
            room_level.covered += row["covered"]
    unheaded = (
        Room.objects.filter(floor__in=floors, head__isnull=True)
        .order_by("floor__path", "sort_order", "pk")
        .values_list("floor_id", "number")
    )
    for floor_id, number in unheaded:
        path = floor_paths.get(floor_id)
        if path is not None:
            room_level.uncovered.append(UncoveredItem(number, [*chains[path], number], floor_id))

    return CoverageReport(locale=locale, levels=levels)


def extra_sections(locale=None):
    """Further coverage that other apps know (the roster's students and beds), through the hook
    ``grid_coverage_sections``: a function taking ``locale`` and returning None or
    ``{"title", "summary": [(label, value)], "complete": bool, "url": str or None,
    "tables": [{"title", "header", "rows"}]}`` with counts, never names."""
    return [section for fn in hooks.get_hooks("grid_coverage_sections") if (section := fn(locale))]
