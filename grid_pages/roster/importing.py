"""The roster as an import kind of ``grid_pages.importer``: one row per student.

Rows are checked against the grid (the default site's rooms) and the roster as it is, every error
by line; applying writes new students in bulk, updates changed ones and moves those whose room or
bed changed, each move recorded (``RoomMove``), in one transaction. A file may swap two students'
beds: occupancy is checked on the state after the whole file.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grid_pages.importer.plan import Change, GridIndex, Plan, _key, site_root
from grid_pages.importer.readers import column_label

from .models import EmptyBed, RoomMove, Student

KIND = "students"
COLUMNS = {
    "number": ("学号", "student number"),
    "name": ("姓名", "name"),
    "college": ("学院", "college"),
    "class_name": ("班级", "class"),
    "phone": ("电话", "phone"),
    "community": ("社区", "community"),
    "building": ("楼栋", "building"),
    "room": ("寝室", "room"),
    "bed": ("床位", "bed"),
    "active": ("在住", "living in"),
}
REQUIRED = ("number", "name")
LIMITS = {"number": 30, "name": 60, "college": 120, "class_name": 120, "phone": 40}
FIELDS = ("name", "college", "class_name", "phone")
YES = {"是", "在住", "yes", "y", "1", "true"}
NO = {"否", "离校", "no", "n", "0", "false"}
HELP = gettext_lazy("Student columns: 学号/student number, 姓名/name, 学院/college, 班级/class, 电话/phone, 社区/community, 楼栋/building, 寝室/room, 床位/bed, 在住/living in (是/否).")


@dataclass
class StudentEntry:
    line: int
    number: str
    values: dict
    student: Student | None = None  # None: to be created
    room: object = None
    bed: int | None = None
    active: bool = True
    changed_fields: list = field(default_factory=list)
    moves: bool = False


@dataclass
class StudentPlan(Plan):
    students: list = field(default_factory=list)


def _label(column):
    return column_label(column, COLUMNS)


def _buildings(index):
    """Building title key -> [BuildingNode], campus-wide, for rows that name no community."""
    found = {}
    for community in index.communities.values():
        for key, building in community.buildings.items():
            found.setdefault(key, []).append(building)
    return found


def _find_room(plan, index, buildings, row):
    """The Room a row names (None and an error when it does not exist or is ambiguous)."""
    if row.get("community"):
        community = index.communities.get(_key(row.get("community")))
        if community is None:
            plan.error(row.line, _("no community “%(title)s”.") % {"title": row.get("community")[:60]})
            return None
        candidates = [b for k, b in community.buildings.items() if k == _key(row.get("building"))]
    else:
        candidates = buildings.get(_key(row.get("building")), [])
    if not candidates:
        plan.error(row.line, _("no building “%(title)s”.") % {"title": row.get("building")[:60]})
        return None
    if len(candidates) > 1:
        plan.error(row.line, _("several buildings are called “%(title)s”: add the community.") % {"title": row.get("building")[:60]})
        return None
    number = row.get("room").upper()
    for floor in candidates[0].floors.values():
        node = floor.rooms.get(number)
        if node is not None and node.room is not None:
            return node.room
    plan.error(row.line, _("no room “%(room)s” in %(building)s.") % {"room": number[:20], "building": candidates[0].title})
    return None


def plan_students(rows, root=None):
    """What a student file would create, update and move; writes nothing."""
    root = root or site_root()
    plan = StudentPlan(KIND, root)
    index = GridIndex(root)
    buildings = _buildings(index)
    numbers = sorted({row.get("number") for row in rows if row.get("number")})
    existing = {}
    for start in range(0, len(numbers), 500):
        for student in Student.objects.filter(number__in=numbers[start : start + 500]):
            existing[student.number] = student
    # (room pk, bed) -> student number, for active students as the roster holds them now.
    occupied = {
        (room_id, bed): number
        for room_id, bed, number in Student.objects.filter(active=True, room__isnull=False).values_list("room_id", "bed", "number")
    }
    seen, targets = {}, {}
    for row in rows:
        before = len(plan.errors)
        missing = [c for c in REQUIRED if not row.get(c)]
        if missing:
            plan.error(row.line, _("missing value for %(columns)s.") % {"columns": ", ".join(_label(c) for c in missing)})
            continue
        for column, limit in LIMITS.items():
            if len(row.get(column)) > limit:
                plan.error(row.line, _("%(column)s is longer than %(max)d characters.") % {"column": _label(column), "max": limit})
        number = row.get("number").upper()
        if number in seen:
            plan.error(row.line, _("student number %(number)s is already on line %(line)d.") % {"number": number[:30], "line": seen[number]})
        seen.setdefault(number, row.line)
        active = True
        if row.get("active"):
            value = _key(row.get("active"))
            if value not in YES | NO:
                plan.error(row.line, _("%(column)s must be 是 or 否.") % {"column": _label("active")})
            active = value in YES
        room = bed = None
        if active and (row.get("building") or row.get("room") or row.get("bed")):
            if not (row.get("building") and row.get("room") and row.get("bed")):
                plan.error(row.line, _("a room needs its building, room and bed."))
            else:
                room = _find_room(plan, index, buildings, row)
                if not row.get("bed").isdigit():
                    plan.error(row.line, _("bed “%(value)s” is not a number.") % {"value": row.get("bed")[:20]})
                elif room is not None:
                    bed = int(row.get("bed"))
                    if not 1 <= bed <= room.beds:
                        plan.error(row.line, _("room %(room)s has beds 1 to %(beds)d.") % {"room": room.number, "beds": room.beds})
                    elif (room.pk, bed) in targets:
                        plan.error(row.line, _("bed %(bed)d of room %(room)s is already on line %(line)d.") % {"bed": bed, "room": room.number, "line": targets[(room.pk, bed)]})
                    else:
                        targets[(room.pk, bed)] = row.line
        if len(plan.errors) > before:
            continue
        entry = StudentEntry(row.line, number, {f: row.get(f) for f in FIELDS}, existing.get(number), room, bed, active)
        plan.students.append(entry)
    if plan.errors:
        return plan
    # Beds held by students the file does not move stay theirs.
    in_file = {entry.number for entry in plan.students}
    for entry in plan.students:
        holder = occupied.get((entry.room.pk, entry.bed)) if entry.room else None
        if holder and holder not in in_file:
            plan.error(entry.line, _("bed %(bed)d of room %(room)s is taken by student %(number)s.") % {"bed": entry.bed, "room": entry.room.number, "number": holder})
    if plan.errors:
        return plan
    for entry in plan.students:
        _describe(plan, entry)
    return plan


def _place(entry):
    return f"{entry.room.number}-{entry.bed}" if entry.room else "—"


def _describe(plan, entry):
    who = f"{entry.values['name']} ({entry.number})"
    student = entry.student
    if student is None:
        plan.creates.append(Change(entry.line, _("Student %(who)s, %(place)s") % {"who": who, "place": _place(entry)}))
        return
    entry.changed_fields = [f for f in FIELDS if entry.values[f] != getattr(student, f)]
    if entry.active != student.active:
        entry.changed_fields.append("active")
    entry.moves = (student.room_id, student.bed) != ((entry.room.pk, entry.bed) if entry.room else (None, None))
    if entry.moves:
        plan.updates.append(Change(entry.line, _("Student %(who)s moves to %(place)s") % {"who": who, "place": _place(entry)}))
    elif entry.changed_fields:
        plan.updates.append(Change(entry.line, _("Student %(who)s: details") % {"who": who}))
    else:
        plan.unchanged.append(Change(entry.line, _("Student %(who)s") % {"who": who}))


def apply_students(plan, user=None, progress=None):
    """Write a checked plan in one transaction; a fixed number of queries per 500 students."""
    now = timezone.now()
    reason = _("Import")
    with transaction.atomic():
        new = [
            Student(number=e.number, room=e.room, bed=e.bed, active=e.active, **e.values) for e in plan.students if e.student is None
        ]
        changed = [e for e in plan.students if e.student is not None and (e.changed_fields or e.moves)]
        movers = [e for e in changed if e.moves]
        # Free the beds first: a file may swap two students, and a bed is held by one at a time.
        if movers:
            Student.objects.filter(pk__in=[e.student.pk for e in movers]).update(room=None, bed=None)
        students = []
        for entry in changed:
            student = entry.student
            moves = [] if not entry.moves else [
                RoomMove(student=student, from_room_id=student.room_id, from_bed=student.bed, to_room=entry.room,
                         to_bed=entry.bed, moved_at=now, moved_by=user, reason=reason)
            ]
            entry.move = moves[0] if moves else None
            for name, value in entry.values.items():
                setattr(student, name, value)
            student.room, student.bed, student.active, student.updated_at = entry.room, entry.bed, entry.active, now
            students.append(student)
        if students:
            Student.objects.bulk_update(students, [*FIELDS, "room", "bed", "active", "updated_at"], batch_size=500)
        created = Student.objects.bulk_create(new, batch_size=500)
        moves = [e.move for e in changed if e.move]
        moves += [RoomMove(student=s, to_room=s.room, to_bed=s.bed, moved_at=now, moved_by=user, reason=reason) for s in created if s.room_id]
        RoomMove.objects.bulk_create(moves, batch_size=500)
        taken = {(e.room.pk, e.bed) for e in plan.students if e.room}
        if taken:  # beds marked empty that the file fills (the table is small: read it whole)
            stale = [pk for pk, room_id, bed in EmptyBed.objects.values_list("pk", "room_id", "bed") if (room_id, bed) in taken]
            EmptyBed.objects.filter(pk__in=stale).delete()
        if progress:
            progress(1, 1)


def import_kind():
    from grid_pages.importer.kinds import ImportKindSpec

    return ImportKindSpec(KIND, gettext_lazy("Students: the roster, room and bed"), COLUMNS, REQUIRED, plan_students, apply_students, HELP, 30)
