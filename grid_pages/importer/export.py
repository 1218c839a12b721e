"""The roster: who is responsible for which community, building, floor and room, with contacts, as XLSX."""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from grid_pages.models import GridAssignment, Room
from grid_pages.roles import GridRole
from grid_pages.spreadsheets import Text, append_typed, workbook_bytes

from .plan import GridIndex, site_root


def roster_header():
    return [_("Community"), _("Building"), _("Floor"), _("Room"), _("Role"), _("Name"), _("Position"), _("Phone"), _("Email")]


def roster_rows(root=None):
    """One row per assignment and room head, in tree order; a fixed number of queries."""
    root = root or site_root()
    index = GridIndex(root)
    places = {}  # page pk -> (path, community, building, floor)
    for community in index.communities.values():
        places[community.page.pk] = (community.page.path, community.title, "", "")
        for building in community.buildings.values():
            places[building.page.pk] = (building.page.path, community.title, building.title, "")
            for floor in building.floors.values():
                places[floor.page.pk] = (floor.page.path, community.title, building.title, floor.number)
    rows = []
    assignments = GridAssignment.objects.filter(page__path__startswith=root.path).select_related("staff")
    for a in assignments.order_by("sort_order", "pk"):
        if a.page_id not in places:
            continue
        path, community, building, floor = places[a.page_id]
        rows.append(((path, "", a.sort_order), [community, building, floor, "", a.role_label, a.staff]))
    room_heads = Room.objects.filter(floor__path__startswith=root.path, head__isnull=False).select_related("head")
    room_head = GridRole.ROOM_HEAD.label
    for room in room_heads.order_by("sort_order", "pk"):
        if room.floor_id not in places:
            continue
        path, community, building, floor = places[room.floor_id]
        rows.append(((path, room.number, room.sort_order), [community, building, floor, room.number, room_head, room.head]))
    rows.sort(key=lambda r: r[0])
    # Typed values (spreadsheets.append_typed): the floor a number, room and phone text cells.
    for _key, (community, building, floor, room, role, staff) in rows:
        yield [community, building, floor, Text(room), role, staff.name, staff.position, Text(staff.phone), staff.email]


def roster_workbook(root=None):
    """The roster as XLSX bytes."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Roster"))
    sheet.append(roster_header())
    for row in roster_rows(root):
        append_typed(sheet, row)
    return workbook_bytes(workbook)
