"""Find my grid member (有事就找网格员): room text -> room -> the people responsible for it.

``parse_room_query`` turns what a student types into parts; ``find_rooms`` resolves
them against the live grid in the active locale with a fixed number of queries;
``floor_chain`` and ``room_chain`` gather the people above a floor or a room.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext as _

from . import conf
from .roles import GridRole

MAX_QUERY_LENGTH = 100
MAX_ROOM_LENGTH = 20  # Room.number's max_length

_CN_DIGITS = "零一二三四五六七八九"
_CN_NUMBER = rf"[{_CN_DIGITS}十]{{1,3}}"
# A building number: 3, 12, A, B2, 三, 十二. Never the tail of a word or a longer number.
_BUILDING = rf"(?<![A-Z0-9])(?:[0-9]{{1,4}}|[A-Z][0-9]{{0,2}}|{_CN_NUMBER})"
# What may follow a building number: 3栋, 3号楼, 3幢, A座, 3#, 3-, 3/, 3 (space).
_BUILDING_MARK = r"(?:号楼|号公寓|公寓|栋|幢|座|号|楼|#|-|_|/|\.|,|、|\s)"
# An optional floor between building and room, ignored: 3栋5层502, 3栋5F502.
_FLOOR = r"(?:[0-9]{1,2}\s*(?:层|F)[\s#-]*)?"
_ROOM = r"[A-Z]?[0-9]{2,5}[A-Z]?(?:-[0-9]{1,2})?"
_ROOM_SUFFIX = r"(?:寝室|宿舍|房间|室|房|号)?"

_ROOM_ONLY = re.compile(rf"(?P<room>[A-Z]?[0-9]{{3,5}}[A-Z]?(?:-[0-9]{{1,2}})?){_ROOM_SUFFIX}", re.I)
_BUILDING_ONLY = re.compile(rf"(?P<building>{_BUILDING}){_BUILDING_MARK}?", re.I)
_FULL = re.compile(
    rf"(?P<prefix>.*?)(?P<building>{_BUILDING})\s*{_BUILDING_MARK}+\s*{_FLOOR}(?P<room>{_ROOM})?\s*{_ROOM_SUFFIX}",
    re.I,
)
# "Xiangyuan 3" (an English building title, "Building" dropped): a name, a space, a short
# number at the end. Tried after _NAMED, so "博雅楼 12" stays building 博雅楼, room 12.
_NAME_THEN_BUILDING = re.compile(rf"(?P<prefix>.*[^\W\d_])\s+(?P<building>[0-9]{{1,2}}|[A-Z][0-9]?)", re.I)
# A building and the start of a room number, as a student is typing it: 3栋5, 庠园3栋50, 3-5.
_PARTIAL = re.compile(
    rf"(?P<prefix>.*?)(?P<building>{_BUILDING})\s*{_BUILDING_MARK}+\s*(?P<room>[A-Z]?[0-9]{{1,5}})", re.I
)
_NAMED = re.compile(rf"(?P<name>.*?[^0-9\s#/_.,、-])[\s#/_.,、-]*(?P<room>{_ROOM}){_ROOM_SUFFIX}", re.I)

_DASHES = re.compile(r"[‐‑‒–—―−－]")
# English forms on /en/ pages: "Building 3 Room 502", "Block A, Rm 302", "No. 5".
_ENGLISH_WORDS = re.compile(r"\b(?:building|bldg|block|blk|room|rm|no)\b\.?", re.IGNORECASE)
_COMMUNITY_SUFFIX = re.compile(r"(?:社区|园区|校区|片区|小区)$")
_NAME_SUFFIX = re.compile(r"(?:号楼|公寓|宿舍|楼|栋|幢|座|\s*hall)$", re.IGNORECASE)
_SEPARATORS = " -_#/.,、"


def chinese_number(text):
    """一 -> 1, 十二 -> 12, 二十三 -> 23; anything else is returned unchanged."""
    if not text or any(c not in _CN_DIGITS + "十" for c in text) or text.count("十") > 1:
        return text
    if "十" not in text:
        return "".join(str(_CN_DIGITS.index(c)) for c in text)
    tens, _sep, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return text
    return str((_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(ones) if ones else 0))


def normalise(text, max_length=MAX_QUERY_LENGTH):
    """Half-width, no control characters, runs of spaces folded, length bounded."""
    text = str(text or "")[: max_length * 4]  # bound the work before normalising
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c if c.isprintable() else " " for c in text)
    text = _DASHES.sub("-", text)
    return re.sub(r"\s+", " ", text).strip()[:max_length].strip()


@dataclass
class ParsedQuery:
    community: str = ""  # free text before a building number, e.g. 庠园
    building: str = ""  # building number, e.g. 3 or A
    building_name: str = ""  # a named building or a community alone, e.g. 博雅楼, 庠园
    room: str = ""  # e.g. 502, 1203, A502
    # What the student typed (printable, bounded): messages echo it, since "99 9999" or a
    # bare "9999" read back is not what they wrote (99栋9999).
    typed: str = field(default="", compare=False)

    def __bool__(self):
        return bool(self.community or self.building or self.building_name or self.room)

    def __str__(self):
        return " ".join(p for p in (self.community, self.building, self.building_name, self.room) if p)


def parse_room_query(text):
    """Split what a student typed into community, building and room.

    Understands 庠园3栋502, 3栋 502, 3号楼502, 3-502, 3#502, A座302, 三栋502,
    庠园 3栋, 502, 博雅楼502 and a name alone. Never raises; text it cannot
    read gives an empty or partial ParsedQuery.
    """
    parsed = _parse(text)
    parsed.typed = typed_text(text)
    return parsed


def typed_text(text, max_length=MAX_QUERY_LENGTH):
    """``text`` as the student typed it, for messages: printable, spaces folded, bounded."""
    text = "".join(c if c.isprintable() else " " for c in str(text or "")[: max_length * 4])
    return re.sub(r"\s+", " ", text).strip()[:max_length]


def _parse(text):
    text = _ENGLISH_WORDS.sub(" ", normalise(text))
    text = re.sub(r"\s+", " ", text).strip(_SEPARATORS)
    if not text:
        return ParsedQuery()
    if match := _ROOM_ONLY.fullmatch(text):
        return ParsedQuery(room=match["room"].upper())
    if match := _BUILDING_ONLY.fullmatch(text):
        return ParsedQuery(building=chinese_number(match["building"]).upper())
    if match := _FULL.fullmatch(text):
        prefix = match["prefix"].strip(_SEPARATORS)
        return ParsedQuery(
            community=_COMMUNITY_SUFFIX.sub("", prefix).strip(_SEPARATORS),
            building=chinese_number(match["building"]).upper(),
            room=(match["room"] or "").upper(),
        )
    if match := _NAMED.fullmatch(text):
        return ParsedQuery(building_name=match["name"].strip(_SEPARATORS), room=match["room"].upper())
    if match := _NAME_THEN_BUILDING.fullmatch(text):
        return ParsedQuery(
            community=_COMMUNITY_SUFFIX.sub("", match["prefix"]).strip(_SEPARATORS),
            building=match["building"].upper(),
        )
    if not any(c.isalnum() for c in text):  # punctuation only
        return ParsedQuery()
    return ParsedQuery(building_name=text)


@dataclass
class LookupResult:
    """What ``find_rooms`` found: one room or building to go to, or candidates to choose from."""

    query: ParsedQuery
    rooms: list = field(default_factory=list)  # matching Rooms, with .building and .community attached
    buildings: list = field(default_factory=list)  # matching buildings, or suggestions when no room matches
    communities: list = field(default_factory=list)  # communities named in the query
    nearby: list = field(default_factory=list)  # rooms on the same floor when the room is unknown
    truncated: bool = False
    unknown_building: bool = False  # no such building: a stale id, or 庠园9栋 (suggestions follow)

    @property
    def room(self):
        return self.rooms[0] if len(self.rooms) == 1 else None

    @property
    def building(self):
        """The one building asked for without a room (a community alone lists its buildings instead)."""
        if self.query.room or self.communities or len(self.buildings) != 1:
            return None
        return self.buildings[0]

    @property
    def message(self):
        query = self.query
        if self.room or self.building:
            return ""
        typed = query.typed or str(query)
        if self.unknown_building and self.buildings:
            return _("No building matches “%(query)s”. Choose one below.") % {"query": typed}
        if self.unknown_building:
            return _("That building was not found. Choose it again below.")
        if not query:
            return _("Type a room such as 3栋502, or choose a building and a room.")
        if len(self.rooms) > 1:
            return _("Several rooms match. Choose yours below.")
        if not query.room and self.buildings:
            return _("Several buildings match. Choose yours below.")
        if query.room and (self.nearby or self.buildings):
            return _("No room “%(query)s” was found. Check the number, or choose below.") % {"query": typed}
        return _("Nothing matches “%(query)s”. Check the building and room number, e.g. 3栋502.") % {
            "query": typed
        }


def _active_locale():
    from wagtail.models import Locale

    try:
        return Locale.get_active()
    except Locale.DoesNotExist:  # a site without locales yet
        return None


def _parent_path(path_field):
    """SQL for the path of the parent page (treebeard paths are fixed-width steps)."""
    Page = conf.get_page_model()

    return Substr(path_field, 1, Length(path_field) - Page.steplen)


def _in_locale(queryset, locale, field_name="locale"):
    return queryset if locale is None else queryset.filter(**{field_name: locale})


def _communities(name, locale):
    CommunityPage = conf.get_community_model()

    name = _COMMUNITY_SUFFIX.sub("", name).strip(_SEPARATORS) or name
    return _in_locale(CommunityPage.objects.live(), locale).filter(
        Q(short_name__iexact=name) | Q(title__icontains=name)
    )


def _name_matches(name):
    """A building named 博雅楼 matches 博雅楼, 博雅 and a short number 博雅."""
    q = Q()
    for variant in {name, _NAME_SUFFIX.sub("", name).strip(_SEPARATORS)} - {""}:
        q |= Q(title__icontains=variant) | Q(short_number__iexact=variant)
    return q


def _buildings(parsed, locale):
    """Live buildings the parsed text may mean, as a lazy queryset."""
    BuildingPage = conf.get_building_model()

    buildings = _in_locale(BuildingPage.objects.live(), locale)
    if parsed.building:
        buildings = buildings.filter(short_number__iexact=parsed.building)
    name = parsed.community or parsed.building_name
    if name:
        # In a community of that name, or itself so named (博雅3栋, 博雅楼).
        in_community = Q(community_path__in=_communities(name, locale).values("path"))
        buildings = buildings.alias(community_path=_parent_path("path")).filter(in_community | _name_matches(name))
    return buildings


def _rooms_in(buildings, locale):
    """Rooms on live floors of ``buildings`` (a queryset), lazily, in page order."""
    from .models import Room

    rooms = _in_locale(Room.objects.filter(floor__live=True), locale, "floor__locale")
    return (
        rooms.alias(building_path=_parent_path("floor__path"))
        .filter(building_path__in=buildings.values("path"))
        .select_related("floor", "head")
        .order_by("floor__path", "sort_order", "pk")
    )


def _nearby(rooms, number):
    """Of ``rooms``, those on the floor ``number`` points to: 509 -> 5xx, 1209 -> 12xx."""
    floor_prefix = number[:-2] if len(number) > 2 else number
    return rooms.alias(number_length=Length("number")).filter(
        number__istartswith=floor_prefix, number_length=len(number)
    )


def _attach_places(rooms=(), buildings=()):
    """Give rooms their building and buildings their community, in at most two queries."""
    BuildingPage = conf.get_building_model()
    CommunityPage = conf.get_community_model()

    by_path = {b.path: b for b in buildings}
    missing = {room.floor.path[: -room.floor.steplen] for room in rooms} - set(by_path)
    if missing:
        by_path.update((b.path, b) for b in BuildingPage.objects.filter(path__in=missing))
    community_paths = {path[: -BuildingPage.steplen] for path in by_path}
    communities = {c.path: c for c in CommunityPage.objects.filter(path__in=community_paths)} if by_path else {}
    for building in by_path.values():
        building.community = communities.get(building.path[: -building.steplen])
    for room in rooms:
        room.building = by_path.get(room.floor.path[: -room.floor.steplen])
        room.community = getattr(room.building, "community", None)


def _page_id(value):
    """A page id from user input, or None (also for ids too big for the database)."""
    value = str(value).strip()
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) and 0 < int(value) < 2**31 else None


def _room_number(text):
    """The room part of a room field: ５０２室 -> 502."""
    parsed = parse_room_query(normalise(text, MAX_ROOM_LENGTH))
    return parsed.room or (parsed.building if not parsed.building_name else "") or ""


def find_rooms(text=None, *, building_id=None, room=None, locale=None):
    """Resolve a student's room text, or a chosen building id and room number.

    The result's ``room`` is set when exactly one room matches and ``building``
    when a building alone was asked for; otherwise it holds candidates or
    suggestions. Pages of ``locale`` (default: the active one) only; at most
    five queries whatever the size of the campus.
    """
    BuildingPage = conf.get_building_model()

    if locale is None:
        locale = _active_locale()
    limit = conf.get("LOOKUP_MAX_CANDIDATES")
    communities = []
    if building_id is not None:
        parsed = ParsedQuery(room=_room_number(room), typed=typed_text(room, MAX_ROOM_LENGTH))
        building_id = _page_id(building_id)
        if building_id is None:
            return LookupResult(parsed, unknown_building=True)
        # The chosen building, or its translation in the active locale.
        chosen = BuildingPage.objects.filter(pk=building_id).values("translation_key")
        buildings = _in_locale(BuildingPage.objects.live(), locale).filter(translation_key__in=chosen)
    else:
        parsed = parse_room_query(text)
        if not parsed:
            return LookupResult(parsed)
        buildings = _buildings(parsed, locale)
        if parsed.building_name and not parsed.room:
            communities = list(_communities(parsed.building_name, locale).order_by("path")[:limit])

    if not parsed.room:
        found = list(buildings.order_by("path")[: limit + 1])
        _attach_places(buildings=found[:limit])
        return LookupResult(
            parsed,
            buildings=found[:limit],
            communities=communities,
            truncated=len(found) > limit,
            unknown_building=building_id is not None and not found,
        )

    rooms = _rooms_in(buildings, locale).filter(number__iexact=parsed.room)
    if building_id is None and not parsed.building and re.fullmatch(r"[A-Z][0-9]{2,5}", parsed.room):
        # A502 is room A502, or room 502 of building A.
        lettered = _in_locale(BuildingPage.objects.live(), locale).filter(short_number__iexact=parsed.room[0])
        rooms = rooms | _rooms_in(lettered, locale).filter(number__iexact=parsed.room[1:])
    found = list(rooms[: limit + 1])
    if found:
        _attach_places(rooms=found[:limit])
        return LookupResult(parsed, rooms=found[:limit], truncated=len(found) > limit)

    # No such room: suggest the building(s) and the rooms on the same floor.
    result = LookupResult(parsed)
    if parsed.building or parsed.building_name or building_id is not None:
        result.buildings = list(buildings.order_by("path")[:limit])
        if result.buildings:
            result.nearby = list(_nearby(_rooms_in(buildings, locale), parsed.room)[:limit])
        elif parsed.community:
            # 庠园9栋502 with no building 9: offer the community's buildings.
            in_community = _buildings(ParsedQuery(building_name=parsed.community), locale)
            result.buildings = list(in_community.order_by("path")[:limit])
            result.unknown_building = bool(result.buildings)
        _attach_places(rooms=result.nearby, buildings=result.buildings)
    if building_id is not None and not result.buildings:
        result.unknown_building = True
    return result


def rooms_starting(text, *, locale=None, limit=None):
    """Rooms of the building named in ``text`` whose number starts with what follows it
    (3栋5 -> the 5xx rooms of every 3栋; 庠园3栋5 -> those of 庠园's), in page order, with
    their places attached: what an as-you-type box offers before the whole number is
    there. [] when ``text`` is not a building followed by digits. At most three queries."""
    text = re.sub(r"\s+", " ", _ENGLISH_WORDS.sub(" ", normalise(text))).strip(_SEPARATORS)
    match = _PARTIAL.fullmatch(text)
    if not match:
        return []
    if locale is None:
        locale = _active_locale()
    prefix = match["prefix"].strip(_SEPARATORS)
    parsed = ParsedQuery(
        community=_COMMUNITY_SUFFIX.sub("", prefix).strip(_SEPARATORS),
        building=chinese_number(match["building"]).upper(),
    )
    limit = limit or conf.get("LOOKUP_MAX_CANDIDATES")
    rooms = list(_rooms_in(_buildings(parsed, locale), locale).filter(number__istartswith=match["room"])[:limit])
    _attach_places(rooms=rooms)
    return rooms


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
    """Assignments of a floor, its building and its community: none or one query when the floor
    was served through the route (it knows its ancestors; ``assignments_with``), one more otherwise.

    The floor's own people come through its relation, so a preview shows unsaved edits.
    """
    from .models import BuildingPageMixin, CommunityPageMixin

    building = floor.grid_ancestor(BuildingPageMixin)
    community = floor.grid_ancestor(CommunityPageMixin)
    above = {p.pk: [] for p in (building, community) if p is not None}
    own, others = floor.assignments_with(list(above))
    for a in others:
        above[a.page_id].append(a)
    return Chain(
        floor_assignments=own,
        building=building,
        building_assignments=above.get(getattr(building, "pk", None), []),
        community=community,
        community_assignments=above.get(getattr(community, "pk", None), []),
    )


def room_chain(room):
    """(label, [people]) rows from the room head up to the community head."""
    return floor_chain(room.floor.specific).heads(room)


def buildings_with_community():
    """Live buildings in tree order, each annotated with ``community_title``, in one query
    (pickers group them by community: two communities may both have a 3栋)."""
    from django.db.models import OuterRef, Subquery

    BuildingPage = conf.get_building_model()
    CommunityPage = conf.get_community_model()

    community_title = CommunityPage.objects.filter(path=OuterRef("community_path")).values("title")[:1]
    return (
        BuildingPage.objects.live()
        .only("pk", "title", "path")
        .alias(community_path=_parent_path("path"))
        .annotate(community_title=Subquery(community_title))
        .order_by("path")
    )


def buildings_by_community(locale=None):
    """``buildings_with_community()`` of ``locale`` (default: the active one): what the
    find-my-room building list offers, in tree order (one query)."""
    return _in_locale(buildings_with_community(), locale or _active_locale())


def building_floors(page_id):
    """(building, [(floor, [rooms])]) for the live building ``page_id`` as the building lists
    offer it (its translation in the active locale, else in the default one), or None.

    Floors in the building page's order (number, then tree order), rooms in the floor page's;
    pages behind a view restriction are left out, as for an anonymous visitor. Five or six
    queries whatever the size of the building.
    """
    from wagtail.models import Locale

    from .models import Room

    BuildingPage = conf.get_building_model()
    FloorPage = conf.get_floor_model()

    page_id = _page_id(page_id)
    locale = _active_locale()
    if page_id is None or locale is None:
        return None
    private = BuildingPage.objects.private_q()  # one query: the view restrictions
    locales = [locale] if locale.is_default else [locale, Locale.get_default()]
    chosen = BuildingPage.objects.live().filter(pk=page_id).values("translation_key")
    found = BuildingPage.objects.live().filter(translation_key__in=chosen, locale__in=locales).exclude(private)
    by_locale = {building.locale_id: building for building in found}
    building = next((by_locale[loc.pk] for loc in locales if loc.pk in by_locale), None)
    if building is None:
        return None
    floors = list(
        FloorPage.objects.child_of(building).live().exclude(private).only("pk", "title").order_by("number", "path")
    )
    rooms = {floor.pk: [] for floor in floors}
    if floors:
        for room in Room.objects.filter(floor_id__in=list(rooms)).order_by("sort_order", "pk").only("pk", "floor_id", "number"):
            rooms[room.floor_id].append(room)
    return building, [(floor, rooms[floor.pk]) for floor in floors]
