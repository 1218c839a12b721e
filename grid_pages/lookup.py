"""Find my grid member (有事就找网格员): room text -> room -> the people responsible for it.

``parse_room_query`` turns what a student types into parts; ``find_rooms`` resolves
them against the live grid with a fixed number of queries; ``floor_chain`` and
``room_chain`` gather the people above a floor or a room.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from . import conf
from .roles import GridRole

# Words that end a building number: 3栋, 3号楼, 3幢, A座, 3#, 3号, 3楼 (when a room follows).
BUILDING_MARK = r"(?:号楼|号公寓|栋|幢|座|号|楼|#|＃|-|—|－|_|\s)"
BUILDING_NUMBER = r"[0-9]+|[A-Za-z][0-9]*|[一二三四五六七八九十]+"
ROOM_NUMBER = r"[A-Za-z]?[0-9]{2,5}[A-Za-z]?(?:-[0-9]{1,3})?"
ROOM_SUFFIX = r"(?:室|房|号|寝室|宿舍)?"

_FULL = re.compile(
    rf"^(?P<prefix>.*?)(?P<building>{BUILDING_NUMBER})\s*{BUILDING_MARK}+\s*(?P<room>{ROOM_NUMBER})?\s*{ROOM_SUFFIX}$"
)
_ROOM_ONLY = re.compile(rf"^(?P<room>{ROOM_NUMBER}){ROOM_SUFFIX}$")
_NAMED = re.compile(rf"^(?P<name>.*?\D)\s*(?P<room>[0-9]{{2,5}}[A-Za-z]?){ROOM_SUFFIX}$")
_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("零一二三四五六七八九")}
_COMMUNITY_SUFFIX = re.compile(r"(?:社区|园区|校区|片区)$")
MAX_QUERY_LENGTH = 100


def chinese_number(text):
    """一 -> 1, 十二 -> 12, 二十 -> 20; anything else is returned unchanged."""
    if not text or any(c not in "零一二三四五六七八九十" for c in text):
        return text
    if "十" not in text:
        return "".join(_CHINESE_DIGITS[c] for c in text)
    tens, _sep, ones = text.partition("十")
    value = (int(_CHINESE_DIGITS[tens]) if tens else 1) * 10 + (int(_CHINESE_DIGITS[ones]) if ones else 0)
    return str(value)


def normalise(text):
    """Full-width to half-width, trimmed, inner runs of spaces folded, length bounded."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = "".join(c for c in text if c.isprintable())
    return re.sub(r"\s+", " ", text).strip()[:MAX_QUERY_LENGTH]


@dataclass
class ParsedQuery:
    community: str = ""  # e.g. 庠园 (free text before the building number)
    building: str = ""  # building number, e.g. 3 or A
    building_name: str = ""  # a building named rather than numbered, e.g. 博雅楼
    room: str = ""  # e.g. 502

    def __bool__(self):
        return bool(self.community or self.building or self.building_name or self.room)


def parse_room_query(text):
    """Split what a student typed into community, building and room.

    Understands 庠园3栋502, 3栋 502, 3号楼502, 3-502, A座302, 庠园 3栋, 502 and
    named buildings such as 博雅楼502. Never raises; unknown text gives an
    empty or partial ParsedQuery.
    """
    text = normalise(text)
    if not text:
        return ParsedQuery()
    match = _ROOM_ONLY.match(text)
    if match:
        return ParsedQuery(room=match["room"].upper())
    match = _FULL.match(text)
    if match:
        prefix = match["prefix"].strip(" -_")
        return ParsedQuery(
            community=_COMMUNITY_SUFFIX.sub("", prefix).strip(),
            building=chinese_number(match["building"]).upper(),
            room=(match["room"] or "").upper(),
        )
    match = _NAMED.match(text)
    if match:
        return ParsedQuery(building_name=match["name"].strip(" -_"), room=match["room"].upper())
    # Only a name: a community or a building.
    return ParsedQuery(building_name=text)


@dataclass
class LookupResult:
    query: ParsedQuery
    rooms: list = field(default_factory=list)  # matching Room rows, floor/building/community attached
    buildings: list = field(default_factory=list)  # matching BuildingPages (no room asked, or for suggestions)
    truncated: bool = False

    @property
    def room(self):
        return self.rooms[0] if len(self.rooms) == 1 else None

    @property
    def building(self):
        return self.buildings[0] if not self.query.room and len(self.buildings) == 1 else None

    @property
    def message(self):
        if self.room or self.building:
            return ""
        if not self.query:
            return _("Type a room such as 3栋502, or choose a building and a room.")
        if self.rooms or (self.buildings and not self.query.room):
            return _("Several places match. Choose yours below.")
        if self.query.room and self.buildings:
            return _("No room %(room)s was found in that building. Check the number, or choose a room below.") % {
                "room": self.query.room
            }
        return _("Nothing matches “%(query)s”. Check the building and room number.") % {
            "query": describe(self.query)
        }


def describe(parsed):
    parts = [parsed.community, parsed.building and f"{parsed.building}", parsed.building_name, parsed.room]
    return " ".join(p for p in parts if p)


def _active_locale():
    from wagtail.models import Locale

    try:
        return Locale.get_active()
    except Locale.DoesNotExist:  # a site without locales yet
        return None


def _candidate_buildings(parsed, locale):
    from .models import BuildingPage, CommunityPage

    buildings = BuildingPage.objects.live()
    if locale is not None:
        buildings = buildings.filter(locale=locale)
    if parsed.building:
        buildings = buildings.filter(short_number__iexact=parsed.building)
    if parsed.building_name:
        name = parsed.building_name
        named = Q(title__icontains=name) | Q(short_number__iexact=name)
        communities = CommunityPage.objects.live().filter(
            Q(title__icontains=name) | Q(short_name__iexact=name)
        )
        if locale is not None:
            communities = communities.filter(locale=locale)
        paths = list(communities.values_list("path", flat=True)[:50])
        for path in paths:
            named |= Q(path__startswith=path)
        buildings = buildings.filter(named)
    if parsed.community:
        communities = CommunityPage.objects.live().filter(
            Q(title__icontains=parsed.community) | Q(short_name__iexact=parsed.community)
        )
        if locale is not None:
            communities = communities.filter(locale=locale)
        paths = list(communities.values_list("path", flat=True)[:50])
        # The prefix may also be part of the building's own name (博雅3栋).
        in_community = Q(title__icontains=parsed.community)
        for path in paths:
            in_community |= Q(path__startswith=path)
        buildings = buildings.filter(in_community)
    return buildings.order_by("path")


def _attach_places(rooms, buildings_by_path):
    """Give each room its building and community without a query per room."""
    from .models import CommunityPage

    community_paths = {path[: len(path) - CommunityPage.steplen] for path in buildings_by_path}
    communities = {c.path: c for c in CommunityPage.objects.filter(path__in=community_paths)}
    for building in buildings_by_path.values():
        building.community = communities.get(building.path[: -building.steplen])
    for room in rooms:
        floor_path = room.floor.path
        room.building = buildings_by_path.get(floor_path[: -room.floor.steplen])
        room.community = getattr(room.building, "community", None)


def find_rooms(text=None, *, building_id=None, room=None, locale=None):
    """Resolve a student's room text (or a chosen building and room number).

    Returns a LookupResult whose ``room`` is set when exactly one room matches,
    ``building`` when only a building was asked for and found; otherwise the
    candidates (rooms or buildings) to choose from. A fixed number of queries.
    """
    from .models import BuildingPage, Room

    if locale is None:
        locale = _active_locale()
    limit = conf.get("LOOKUP_MAX_CANDIDATES")
    if building_id is not None:
        parsed = ParsedQuery(room=normalise(room).upper())
        buildings = BuildingPage.objects.live().filter(pk=building_id)
    else:
        parsed = parse_room_query(text)
        if not parsed:
            return LookupResult(parsed)
        buildings = _candidate_buildings(parsed, locale) if (
            parsed.building or parsed.building_name or parsed.community
        ) else None

    if not parsed.room:
        found = list(buildings[: limit + 1]) if buildings is not None else []
        result = LookupResult(parsed, buildings=found[:limit], truncated=len(found) > limit)
        _attach_places([], {b.path: b for b in result.buildings})
        return result

    rooms = Room.objects.filter(number__iexact=parsed.room, floor__live=True).select_related("floor", "head")
    if locale is not None:
        rooms = rooms.filter(floor__locale=locale)
    building_list = None
    if buildings is not None:
        building_list = list(buildings[:200])
        if not building_list:
            return LookupResult(parsed)
        in_buildings = Q()
        for b in building_list:
            in_buildings |= Q(floor__path__startswith=b.path)
        rooms = rooms.filter(in_buildings)
    found = list(rooms.order_by("floor__path", "sort_order")[: limit + 1])
    truncated = len(found) > limit
    found = found[:limit]
    if building_list is None:
        paths = {r.floor.path[: -2 * r.floor.steplen] for r in found}
        building_list = list(BuildingPage.objects.filter(path__in=paths))
    by_path = {b.path: b for b in building_list}
    _attach_places(found, by_path)
    found = [r for r in found if r.building is not None]
    # No such room: offer the building(s) so the student can browse its floors.
    suggestions = building_list[:limit] if not found else []
    return LookupResult(parsed, rooms=found, buildings=suggestions, truncated=truncated)


@dataclass
class Chain:
    """The people above a floor, level by level."""

    floor_assignments: list
    building: object
    building_assignments: list
    community: object
    community_assignments: list

    def heads(self, room=None):
        """The escalation chain 寝室长 -> 层长 -> 楼长 -> 社区长 as (label, [people]) rows."""
        rows = []
        if room is not None:
            rows.append((GridRole.ROOM_HEAD.label, [room.head] if room.head else []))
        for role, assignments in (
            (GridRole.FLOOR_HEAD, self.floor_assignments),
            (GridRole.BUILDING_HEAD, self.building_assignments),
            (GridRole.COMMUNITY_HEAD, self.community_assignments),
        ):
            rows.append((role.label, [a.staff for a in assignments if a.role == role]))
        return rows


def floor_chain(floor):
    """Assignments of a floor, its building and its community, in four queries.

    The floor's own people come through its relation, so a preview shows unsaved edits.
    """
    from .models import BuildingPage, CommunityPage, GridAssignment

    building = BuildingPage.objects.ancestor_of(floor).order_by("-depth").first()
    community = CommunityPage.objects.ancestor_of(floor).order_by("-depth").first()
    above = {p.pk: [] for p in (building, community) if p is not None}
    if above:
        for a in GridAssignment.objects.filter(page_id__in=list(above)).select_related("staff").order_by(
            "sort_order", "pk"
        ):
            above[a.page_id].append(a)
    return Chain(
        floor_assignments=list(floor.grid_assignments.select_related("staff").order_by("sort_order", "pk")),
        building=building,
        building_assignments=above.get(getattr(building, "pk", None), []),
        community=community,
        community_assignments=above.get(getattr(community, "pk", None), []),
    )


def room_chain(room):
    """(label, [people]) rows from the room head up to the community head."""
    return floor_chain(room.floor.specific).heads(room)
