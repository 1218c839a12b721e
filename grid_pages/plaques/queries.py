"""Bounded reads of plaques for grid pages, the index page and the print sheets.

Plaques hang on rooms of the source-language floor pages; a translated floor
shares its translation_key, so every page finds its plaques through that key.
Each function runs a fixed number of queries whatever the number of plaques.
"""

import copy
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch

from grid_pages.conf import get_building_model, get_community_model, get_floor_model
from grid_pages.pagecache.generation import PerGenerationByKey, at_most
from grid_pages.translations import TEXT_PREFIX, annotate_texts, translation_language

from .models import Plaque, PlaqueMember


def _with_members(plaques):
    """Members prefetched (one query); the pledge in the active language read with the plaque."""
    plaques = annotate_texts(plaques, Plaque, "pk", TEXT_PREFIX)
    return plaques.prefetch_related(Prefetch("members", queryset=PlaqueMember.objects.order_by("sort_order", "pk")))


# At most this many active plaques, and rows of plaques with their members (one per member),
# are kept for the whole site (below); a site with more reads each floor's and building's own.
KEPT_PLAQUES = 2000
KEPT_PLAQUE_ROWS = 20000

# What a plaque's card and sheet show of a member (``PlaqueMember``'s fields).
MEMBER_FIELDS = ("id", "sort_order", "name", "status")


def _room_order(plaque):
    return (plaque.room.sort_order or 0, plaque.room.number, plaque.pk)


def _read_with_members(plaques, limit=None):
    """The plaques of ``plaques`` (a queryset of active plaques with ``floor_key``) as a list,
    each with its room, its pledge in the active language and its members set in memory
    (``plaque.members``, modelcluster's in-memory relation), in one query: a row per member,
    a plaque without members one with empty member columns. Read as values, each plaque and
    room built once (a plaque is costly to build). None when there are more than ``limit`` rows."""
    room_field = Plaque._meta.get_field("room")
    Room = room_field.related_model
    plaque_fields = [f.attname for f in Plaque._meta.concrete_fields]
    room_fields = [f.attname for f in Room._meta.concrete_fields]
    queryset = annotate_texts(plaques, Plaque, "pk", TEXT_PREFIX)
    annotations = list(queryset.query.annotations)  # floor_key, the pledge's texts
    queryset = queryset.order_by("pk", "members__sort_order", "members__pk").values(
        *plaque_fields,
        *(f"room__{name}" for name in room_fields),
        *(f"members__{name}" for name in MEMBER_FIELDS),
        *annotations,
    )
    rows = list(queryset) if limit is None else at_most(queryset, limit)
    if rows is None:
        return None
    found = {}
    for row in rows:
        pk = row["id"]
        if pk not in found:
            plaque = Plaque.from_db(queryset.db, plaque_fields, [row[name] for name in plaque_fields])
            room = Room.from_db(queryset.db, room_fields, [row[f"room__{name}"] for name in room_fields])
            room_field.set_cached_value(plaque, room)
            for name in annotations:
                setattr(plaque, name, row[name])
            found[pk] = (plaque, [])
        if row["members__id"] is not None:
            found[pk][1].append(
                PlaqueMember(plaque_id=pk, **{name: row[f"members__{name}"] for name in MEMBER_FIELDS})
            )
    for plaque, plaque_members in found.values():
        plaque.members = plaque_members
    return [plaque for plaque, _ in found.values()]


def _load_site_plaques():
    plaques = _read_with_members(
        Plaque.objects.active().annotate(floor_key=F("room__floor__translation_key")),
        KEPT_PLAQUE_ROWS,
    )
    if plaques is None or len(plaques) > KEPT_PLAQUES:
        return None
    by_floor = {}
    for plaque in sorted(plaques, key=_room_order):
        by_floor.setdefault(plaque.floor_key, []).append(plaque)
    return by_floor


# The site's active plaques with their rooms and members, by floor translation key, read once
# per page-cache generation and language (the pledge's) in each process: floor and building
# pages take theirs without a query. Any write bumps the generation (a plaque, a member, a room).
_kept = PerGenerationByKey(8)


def plaques_on(floors):
    """Active plaques on ``floors`` (a floor page queryset, or a list of floors in order), each
    with ``floor_page`` set to its floor from those, in floor then room order. Two queries
    for a queryset; for a list none, from the site's plaques kept per generation, else one
    (the plaques with their members, ``_read_with_members``)."""
    if isinstance(floors, (list, tuple)):
        kept = _kept.get_if_installed(translation_language(), _load_site_plaques)
        if kept is not None:
            # Copies: the kept plaques are shared, and each page sets its own floor on them.
            return [_on_floor(plaque, floor) for floor in floors for plaque in kept.get(floor.translation_key, ())]
        floor_keys = [f.translation_key for f in floors]
    else:
        floor_keys = floors.values("translation_key")
        floors = list(floors.order_by("number", "path"))
    by_key = {f.translation_key: f for f in floors}
    if not floors:
        return []
    plaques = _read_with_members(
        Plaque.objects.active()
        .filter(room__floor__translation_key__in=floor_keys)
        .annotate(floor_key=F("room__floor__translation_key"))
    )
    order = {f.translation_key: i for i, f in enumerate(floors)}
    plaques = sorted(plaques, key=lambda p: (order[p.floor_key], *_room_order(p)))
    for plaque in plaques:
        plaque.floor_page = by_key[plaque.floor_key]
    return plaques


def _on_floor(plaque, floor):
    own = copy.copy(plaque)
    own.floor_page = floor
    return own


def group_by_floor(plaques):
    """[(floor, [plaques])] in the order the plaques come."""
    groups = {}
    for plaque in plaques:
        groups.setdefault(plaque.floor_page.pk, (plaque.floor_page, []))[1].append(plaque)
    return list(groups.values())


def building_counts(community):
    """The community's live buildings, each with ``plaque_count`` of active plaques. No query
    with the site's plaques kept per generation, else one (the buildings and floors are
    those the community page reads, ``live_grid``)."""
    buildings, floor_rows = community.live_grid()
    if not buildings:
        return buildings
    floors = {floor.translation_key: floor.path for floor in floor_rows}
    kept = _kept.get_if_installed(translation_language(), _load_site_plaques)
    if kept is not None:
        counts = [(key, len(kept[key])) for key in floors if key in kept]
    else:
        counts = (
            Plaque.objects.active()
            .filter(room__floor__translation_key__in=list(floors))
            .values_list("room__floor__translation_key")
            .annotate(n=Count("pk"))
        )
    steplen = community.steplen
    per_building = Counter()
    for key, n in counts:
        per_building[floors[key][:-steplen]] += n
    for building in buildings:
        building.plaque_count = per_building[building.path]
    return buildings


def count_below(page):
    """The number of active plaques on the live floors below ``page`` in its language: no
    query with the site's floors and plaques kept per generation, else one."""
    from grid_pages.tree import kept_live_grid

    grid = kept_live_grid()
    kept = _kept.get_if_installed(translation_language(), _load_site_plaques) if grid is not None else None
    if kept is not None:
        return sum(len(kept.get(key, ())) for key in grid.floor_keys_below(page))
    floors = get_floor_model().objects.descendant_of(page).live().filter(locale_id=page.locale_id)
    return Plaque.objects.active().filter(room__floor__translation_key__in=floors.values("translation_key")).count()


@dataclass
class BuildingGroup:
    building: object
    plaques: list = field(default_factory=list)


@dataclass
class CommunityGroup:
    community: object
    buildings: list = field(default_factory=list)

    @property
    def count(self):
        return sum(len(b.plaques) for b in self.buildings)


def campus_plaques(root, locale):
    """Active plaques under ``root`` on pages of ``locale``, as ([CommunityGroup], total).

    Five queries: floors, plaques, their members, buildings, communities.
    """
    floors = get_floor_model().objects.descendant_of(root).live().filter(locale=locale)
    plaques = plaques_on(floors)
    if not plaques:
        return [], 0
    steplen = root.steplen
    building_paths = {p.floor_page.path[:-steplen] for p in plaques}
    buildings = {b.path: b for b in get_building_model().objects.filter(path__in=building_paths)}
    communities = {c.path: c for c in get_community_model().objects.filter(path__in={p[:-steplen] for p in buildings})}
    groups = {}
    for plaque in plaques:
        building = buildings.get(plaque.floor_page.path[:-steplen])
        community = communities.get(building.path[:-steplen]) if building else None
        if community is None:  # a floor outside the grid tree: nowhere to list it
            continue
        by_building = groups.setdefault(community.path, (community, {}))[1]
        by_building.setdefault(building.path, BuildingGroup(building)).plaques.append(plaque)
    ordered = [
        CommunityGroup(community, [by_building[path] for path in sorted(by_building)])
        for community, by_building in (groups[path] for path in sorted(groups))
    ]
    return ordered, sum(g.count for g in ordered)


def printable_plaques(**filters):
    """Active plaques with their room, floor and members, for print sheets. Two queries."""
    return list(
        _with_members(Plaque.objects.active().filter(**filters).select_related("room__floor")).order_by(
            "room__floor__path", "room__sort_order", "room__number", "pk"
        )
    )
