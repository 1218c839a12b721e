"""Validate every row against the grid and decide what an import would change, writing nothing.

``plan_grid`` and ``plan_staff`` read the grid under the site root in a fixed
number of queries (``GridIndex``), check each row and return a ``Plan``: the
changes to show in a preview, every error with its line number, and the nodes
that ``apply.apply_plan`` writes.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from grid_pages.conf import get_building_model, get_community_model, get_floor_model
from grid_pages.lookup import parse_room_query
from grid_pages.models import BuildingPageMixin, CommunityPageMixin, FloorPageMixin, GridAssignment, Room, StaffMember
from grid_pages.plaques.models import Plaque, PlaqueKind
from grid_pages.roles import GridRole

from .readers import column_label

# Field limits of the models the rows end up in.
MAX_TITLE = 255
MAX_ROOM = 20
MAX_COLLEGE = 120
MAX_NAME = 60
MAX_PHONE = 40
MAX_EMAIL = 254
MAX_BEDS = 99

_FLOOR = re.compile(r"^(?P<basement>B)?(?P<number>-?\d{1,3})\s*(?:层|楼|F|/F)?$", re.IGNORECASE)
_BUILDING_NUMBER = re.compile(r"([A-Z]?\d+[A-Z]?)", re.IGNORECASE)
_COMMUNITY_SUFFIX = re.compile(r"(?:社区|园区|小区)$")

# The words the issue lists; the catalogue labels below add whatever the UI shows.
ROLE_WORDS = {
    "社区长": GridRole.COMMUNITY_HEAD,
    "楼长": GridRole.BUILDING_HEAD,
    "层长": GridRole.FLOOR_HEAD,
    "辅导员": GridRole.COUNSELLOR,
    "寝室长": GridRole.ROOM_HEAD,
    "宿管员": GridRole.DORM_KEEPER,
    "其他": GridRole.OTHER,
}
PLAQUE_WORDS = {
    "党员宿舍": PlaqueKind.DORM,
    "党员示范宿舍": PlaqueKind.MODEL_DORM,
    "党员先锋岗": PlaqueKind.PIONEER_POST,
}


def _key(text):
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


def _vocabulary(choices, words):
    """Chinese words, values and labels in both languages -> choice value."""
    vocabulary = {_key(word): value for word, value in words.items()}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for value, label in choices.choices:
                vocabulary[_key(value)] = value
                vocabulary[_key(label)] = value
    return vocabulary


def parse_floor(text):
    """5, 5层, 5F, 5楼 -> 5; B1 -> -1; None when unreadable."""
    match = _FLOOR.match(text.replace(" ", ""))
    if not match:
        return None
    number = int(match["number"])
    return -abs(number) if match["basement"] else number


def building_number(title):
    """3栋 -> 3, 庠园3栋 -> 3, A座 -> A: what students type before a room number."""
    parsed = parse_room_query(title)
    if parsed.building:
        return parsed.building[:20]
    match = _BUILDING_NUMBER.search(title)
    return (match.group(1).upper() if match else title)[:20]


def community_short_name(title):
    return _COMMUNITY_SUFFIX.sub("", title).strip()[:40] or title[:40]


@dataclass
class Change:
    line: int
    text: str


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self):
        return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class RoomNode:
    number: str
    room: Room | None = None  # None: to be created
    beds: int | None = None  # new value, None: leave alone
    head: "StaffEntry | None" = None  # new room head
    plaque: str = ""  # plaque kind to put up
    active_kinds: set = field(default_factory=set)
    line: int = 0

    @property
    def changed(self):
        return self.room is None or self.beds is not None or self.head is not None


@dataclass
class FloorNode:
    number: int
    page: FloorPageMixin | None = None
    rooms: dict = field(default_factory=dict)  # number -> RoomNode, every existing room of the floor


@dataclass
class BuildingNode:
    title: str
    page: BuildingPageMixin | None = None
    college: str | None = None  # new value, None: leave alone
    floors: dict = field(default_factory=dict)  # number -> FloorNode


@dataclass
class CommunityNode:
    title: str
    page: CommunityPageMixin | None = None
    buildings: dict = field(default_factory=dict)  # title key -> BuildingNode


@dataclass
class StaffEntry:
    name: str
    phone: str
    email: str = ""
    member: StaffMember | None = None  # None: to be created
    email_changed: bool = False


@dataclass
class Plan:
    """What an import would do. ``ok`` only when no row has an error."""

    kind: str
    root: object = None
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    communities: dict = field(default_factory=dict)  # title key -> CommunityNode
    staff: dict = field(default_factory=dict)  # (name, phone) -> StaffEntry
    assignments: list = field(default_factory=list)  # (page, StaffEntry, role)

    @property
    def ok(self):
        return not self.errors

    @property
    def has_changes(self):
        return bool(self.creates or self.updates)

    def error(self, line, message):
        self.errors.append(RowError(line, message))


def site_root():
    """The default site's root page: where communities are found and created."""
    return Site.objects.select_related("root_page").get(is_default_site=True).root_page.specific


class GridIndex:
    """The grid under ``root`` by title and number, in six queries whatever its size."""

    def __init__(self, root):
        self.communities = {}
        parents = {}
        for page in get_community_model().objects.descendant_of(root).order_by("path"):
            node = self.communities.setdefault(_key(page.title), CommunityNode(page.title, page))
            parents[page.path] = node
        for page in get_building_model().objects.descendant_of(root).order_by("path"):
            community = parents.get(page.path[: -page.steplen])
            if community:
                node = community.buildings.setdefault(_key(page.title), BuildingNode(page.title, page))
                parents[page.path] = node
        self.floors = {}
        for page in get_floor_model().objects.descendant_of(root).order_by("path"):
            building = parents.get(page.path[: -page.steplen])
            if building and page.number not in building.floors:
                self.floors[page.pk] = building.floors[page.number] = FloorNode(page.number, page)
        self.rooms = {}
        rooms = Room.objects.filter(floor__path__startswith=root.path, floor__depth__gt=root.depth)
        for room in rooms.order_by("sort_order", "pk"):
            floor = self.floors.get(room.floor_id)
            if floor and room.number not in floor.rooms:
                self.rooms[room.pk] = floor.rooms[room.number] = RoomNode(room.number, room)
        plaques = Plaque.objects.active().filter(room__floor__path__startswith=root.path)
        for room_id, kind in plaques.values_list("room_id", "kind"):
            if room_id in self.rooms:
                self.rooms[room_id].active_kinds.add(kind)
        self.assignments = set(
            GridAssignment.objects.filter(page__path__startswith=root.path).values_list("page_id", "staff_id", "role")
        )


def _check_length(plan, row, column, limit):
    value = row.get(column)
    if len(value) > limit:
        plan.error(row.line, _("%(column)s is longer than %(max)d characters.") % {"column": column_label(column), "max": limit})
        return False
    return True


def _check_required(plan, row, columns):
    missing = [c for c in columns if not row.get(c)]
    if missing:
        plan.error(row.line, _("missing value for %(columns)s.") % {"columns": ", ".join(column_label(c) for c in missing)})
    return not missing


def plan_grid(rows, root=None):
    """The communities, buildings, floors, rooms and plaques a grid file would create or update."""
    root = root or site_root()
    plan = Plan("grid", root)
    index = GridIndex(root)
    plan.communities = index.communities
    plaque_kinds = _vocabulary(PlaqueKind, PLAQUE_WORDS)
    seen = {}
    for row in rows:
        errors_before = len(plan.errors)
        if not _check_required(plan, row, ("community", "building", "floor", "room")):
            continue
        for column, limit in (("community", MAX_TITLE), ("building", MAX_TITLE), ("room", MAX_ROOM), ("college", MAX_COLLEGE)):
            _check_length(plan, row, column, limit)
        floor_number = parse_floor(row.get("floor"))
        if floor_number is None:
            plan.error(row.line, _("floor “%(value)s” is not a number.") % {"value": row.get("floor")[:20]})
        beds = None
        if row.get("beds"):
            if not row.get("beds").isdigit() or int(row.get("beds")) > MAX_BEDS:
                plan.error(row.line, _("beds “%(value)s” is not a number from 0 to 99.") % {"value": row.get("beds")[:20]})
            else:
                beds = int(row.get("beds"))
        kind = ""
        if row.get("plaque"):
            kind = plaque_kinds.get(_key(row.get("plaque")), "")
            if not kind:
                plan.error(row.line, _("unknown plaque “%(value)s”.") % {"value": row.get("plaque")[:40]})
        room_number = row.get("room").upper()
        key = (_key(row.get("community")), _key(row.get("building")), room_number)
        if key in seen:
            plan.error(row.line, _("room %(room)s is already on line %(line)d.") % {"room": room_number[:20], "line": seen[key]})
        else:
            seen[key] = row.line
        if len(plan.errors) > errors_before:
            continue
        _plan_room(plan, row, floor_number, room_number, beds, kind)
    return plan


def _plan_room(plan, row, floor_number, room_number, beds, kind):
    line, changed = row.line, False
    community = plan.communities.get(_key(row.get("community")))
    if community is None:
        community = plan.communities[_key(row.get("community"))] = CommunityNode(row.get("community"))
        plan.creates.append(Change(line, _("Community %(title)s") % {"title": community.title}))
    building = community.buildings.get(_key(row.get("building")))
    if building is None:
        building = community.buildings[_key(row.get("building"))] = BuildingNode(row.get("building"))
        plan.creates.append(Change(line, _("Building %(title)s") % {"title": f"{community.title} · {building.title}"}))
    place = f"{community.title} · {building.title}"
    college = row.get("college")
    if college and (building.college or (building.page.college if building.page else "")) != college:
        if building.page and building.college is None:
            plan.updates.append(Change(line, _("Building %(title)s: college %(college)s") % {"title": place, "college": college}))
        building.college = college
        changed = True
    floor = building.floors.get(floor_number)
    if floor is None:
        floor = building.floors[floor_number] = FloorNode(floor_number)
        plan.creates.append(Change(line, _("Floor %(title)s") % {"title": f"{place} · {floor_number}"}))
    room = floor.rooms.get(room_number)
    place = f"{place} · {room_number}"
    if room is None:
        floor.rooms[room_number] = room = RoomNode(room_number, beds=beds if beds is not None else 4, line=line)
        plan.creates.append(Change(line, _("Room %(room)s") % {"room": place}))
        changed = True
    elif room.room is not None and beds is not None and beds != room.room.beds:
        room.beds = beds
        plan.updates.append(Change(line, _("Room %(room)s: %(beds)d beds") % {"room": place, "beds": beds}))
        changed = True
    if kind and kind not in room.active_kinds:
        if room.active_kinds:
            other = PlaqueKind(next(iter(room.active_kinds))).label
            plan.error(line, _("room %(room)s already has an active plaque (%(kind)s).") % {"room": room_number, "kind": other})
            return
        room.plaque = kind
        room.active_kinds.add(kind)
        plan.creates.append(Change(line, _("Plaque %(kind)s on room %(room)s") % {"kind": PlaqueKind(kind).label, "room": place}))
        changed = True
    if not changed:
        plan.unchanged.append(Change(line, _("Room %(room)s") % {"room": place}))


def _find_node(plan, index, row):
    """The community, building, floor or room a staff row names; None (after an error) when missing."""
    community = index.communities.get(_key(row.get("community")))
    if community is None or community.page is None:
        plan.error(row.line, _("no community “%(title)s”.") % {"title": row.get("community")[:60]})
        return None
    node = community
    building = floor = None
    if row.get("building"):
        building = community.buildings.get(_key(row.get("building")))
        if building is None:
            plan.error(row.line, _("no building “%(title)s” in %(community)s.") % {"title": row.get("building")[:60], "community": community.title})
            return None
        node = building
    elif row.get("floor") or row.get("room"):
        plan.error(row.line, _("a floor or room needs its building."))
        return None
    if row.get("floor"):
        number = parse_floor(row.get("floor"))
        floor = building.floors.get(number) if number is not None else None
        if floor is None:
            plan.error(row.line, _("no floor “%(floor)s” in %(building)s.") % {"floor": row.get("floor")[:20], "building": building.title})
            return None
        node = floor
    if row.get("room"):
        number = row.get("room").upper()
        floors = [floor] if floor else building.floors.values()
        room = next((f.rooms[number] for f in floors if number in f.rooms and f.rooms[number].room), None)
        if room is None:
            plan.error(row.line, _("no room “%(room)s” in %(building)s.") % {"room": number[:20], "building": building.title})
            return None
        node = room
    return node


def plan_staff(rows, root=None):
    """The staff members, grid assignments and room heads a staff file would create or update."""
    root = root or site_root()
    plan = Plan("staff", root)
    index = GridIndex(root)
    plan.communities = index.communities
    roles = _vocabulary(GridRole, ROLE_WORDS)
    names = sorted({row.get("name") for row in rows if row.get("name")})
    existing = {}
    for start in range(0, len(names), 500):  # bounded IN lists, whatever the file size
        for member in StaffMember.objects.filter(name__in=names[start : start + 500]).order_by("pk"):
            existing.setdefault((member.name, member.phone), member)
    room_lines = {}
    planned = set()
    for row in rows:
        errors_before = len(plan.errors)
        if not _check_required(plan, row, ("name", "role", "community")):
            continue
        for column, limit in (("name", MAX_NAME), ("phone", MAX_PHONE), ("email", MAX_EMAIL)):
            _check_length(plan, row, column, limit)
        if row.get("email"):
            try:
                validate_email(row.get("email"))
            except ValidationError:
                plan.error(row.line, _("“%(value)s” is not an email address.") % {"value": row.get("email")[:60]})
        role = roles.get(_key(row.get("role")))
        if role is None:
            plan.error(row.line, _("unknown role “%(value)s”.") % {"value": row.get("role")[:40]})
        elif role == GridRole.ROOM_HEAD and not row.get("room"):
            plan.error(row.line, _("a room head needs a room."))
        elif role != GridRole.ROOM_HEAD and row.get("room"):
            plan.error(row.line, _("only room heads belong to a room; leave the room empty."))
        if len(plan.errors) > errors_before:
            continue
        node = _find_node(plan, index, row)
        if node is None:
            continue
        entry = _staff_entry(plan, existing, row)
        who = entry.name
        if isinstance(node, RoomNode):
            if node.room.pk in room_lines:
                plan.error(row.line, _("room %(room)s already has a head on line %(line)d.") % {"room": node.number, "line": room_lines[node.room.pk]})
                continue
            room_lines[node.room.pk] = row.line
            if entry.member is not None and node.room.head_id == entry.member.pk:
                plan.unchanged.append(Change(row.line, _("%(name)s: room head of %(room)s") % {"name": who, "room": node.number}))
            else:
                node.head = entry
                plan.updates.append(Change(row.line, _("%(name)s: room head of %(room)s") % {"name": who, "room": node.number}))
            continue
        page = node.page
        label = GridRole(role).label
        assignment_key = (page.pk, entry.name, entry.phone, role)
        duplicate = assignment_key in planned  # the same row twice in one file
        planned.add(assignment_key)
        if duplicate or (entry.member is not None and (page.pk, entry.member.pk, role) in index.assignments):
            plan.unchanged.append(Change(row.line, _("%(name)s: %(role)s of %(page)s") % {"name": who, "role": label, "page": page.title}))
        else:
            plan.assignments.append((page, entry, role))
            plan.creates.append(Change(row.line, _("%(name)s: %(role)s of %(page)s") % {"name": who, "role": label, "page": page.title}))
    return plan


def _staff_entry(plan, existing, row):
    """The person a row names, matched by name and phone; created or given a new email when needed."""
    key = (row.get("name"), row.get("phone"))
    entry = plan.staff.get(key)
    if entry is None:
        entry = plan.staff[key] = StaffEntry(*key, member=existing.get(key))
        if entry.member is None:
            entry.email = row.get("email")
            plan.creates.append(Change(row.line, _("Staff member %(name)s") % {"name": entry.name}))
    if entry.member is not None and row.get("email") and not entry.email_changed and row.get("email") != entry.member.email:
        entry.email, entry.email_changed = row.get("email"), True
        plan.updates.append(Change(row.line, _("Staff member %(name)s: email %(email)s") % {"name": entry.name, "email": entry.email}))
    return entry
