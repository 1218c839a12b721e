"""Routing: from a room (or building) and a matter to the responsible grid node and its handlers.

The matter list (``CaseCategory``) names the level; the room gives the floor, building and
community pages of that level. Everything resolves to the default locale, where the grid's
people and rights are kept, whatever language the student used.
"""

from dataclasses import dataclass

from wagtail.models import Locale

from grid_pages.conf import get_building_model, get_community_model, get_floor_model
from grid_pages.models import GridAssignment, Room

from . import conf
from .models import LEVEL_ORDER, HandlingLevel


@dataclass
class Place:
    room: object = None
    floor: object = None
    building: object = None
    community: object = None

    @property
    def label(self):
        parts = [p.title for p in (self.community, self.building, self.floor) if p is not None]
        if self.room is not None:
            parts.append(self.room.number)
        return " ".join(parts)[:200]

    def node(self, level):
        """The grid page responsible at ``level``, or None above the grid (office, department)."""
        if level == HandlingLevel.FLOOR:
            return self.floor or self.building or self.community
        if level == HandlingLevel.BUILDING:
            return self.building or self.community
        if level == HandlingLevel.COMMUNITY:
            return self.community
        return None


def _default(page):
    """The page's translation in the default locale (itself when it is there)."""
    if page is None:
        return None
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return type(page).objects.filter(translation_key=page.translation_key, locale=default).first() or page


def place_of(room=None, building=None):
    """The room's (or building's) place in the grid, in the default locale.

    A room chosen on the English site is mapped to the same room of the Chinese floor.
    """
    if room is not None:
        floor = _default(get_floor_model().objects.get(pk=room.floor_id))
        if floor.pk != room.floor_id:
            room = Room.objects.filter(floor_id=floor.pk, number=room.number).first() or room
        building = get_building_model().objects.ancestor_of(floor).order_by("-depth").first()
    else:
        floor = None
        building = _default(building)
    community = get_community_model().objects.ancestor_of(building, inclusive=True).order_by("-depth").first() if building else None
    return Place(room=room, floor=floor, building=building, community=community)


def next_level(level, place=None, department="-"):
    """The level above ``level`` (skipping grid levels the place does not have), or None at the top.

    A functional department is a level only when one is named (``department``, the case's or its
    matter's): with none, the student-affairs office is the top, or the student would read
    "handled by a functional department" with nobody behind it.
    """
    index = LEVEL_ORDER.index(level)
    for candidate in LEVEL_ORDER[index + 1:]:
        if candidate == HandlingLevel.DEPARTMENT:
            return candidate if department else None
        if place is None or candidate == HandlingLevel.OFFICE:
            return candidate
        node = place.node(candidate)
        if node is not None and node != place.node(level):
            return candidate
    return None


def case_next_level(case):
    """The level ``case`` would be referred to next, or None at the top."""
    place = Place(room=case.room, floor=case.floor, building=case.building, community=case.community)
    return next_level(case.handling_level, place, case.department or case.category.department_id)


def handlers(case):
    """The people who answer for the case now: those assigned in a handler role on its node,
    or the assignee. Office and department cases go to the office group (``office_users``)."""
    people = []
    if case.handling_node_id:
        people = [
            a.staff
            for a in GridAssignment.objects.filter(page_id=case.handling_node_id, role__in=conf.get("HANDLER_ROLES"))
            .select_related("staff")
            .order_by("sort_order", "pk")
        ]
    if case.assignee_id and all(p.pk != case.assignee_id for p in people):
        people.insert(0, case.assignee)
    return people


def office_users():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=conf.get("OFFICE_GROUP"), is_active=True).distinct()


def department_emails(case):
    """A department case's addresses: the department's own and its contacts'."""
    department = case.handling_department
    if case.handling_level != HandlingLevel.DEPARTMENT or department is None:
        return []
    return [department.email, *department.staff.exclude(email="").values_list("email", flat=True)]


def handler_emails(case):
    """Addresses to tell about the case: its handlers on the grid; above the grid the
    department's (at that level) or else the student-affairs office's."""
    emails = [p.email for p in handlers(case) if p.email]
    if not case.handling_node_id:
        above = [e for e in department_emails(case) if e]
        emails += above or [u.email for u in office_users() if u.email]
    return sorted(set(emails))
