"""Who may record, see and handle which inspections: the grid's local roles (``grid_pages.scope``).

- The office (GRID_PAGES_OFFICE_GROUP, superusers, holders of ``grid_inspections.manage_inspections``)
  works everywhere.
- A person in a staff role on a community, building or floor page records rounds for the floors
  below it and sees and handles the rounds and findings there: a 层长 their floor, a 楼长 their
  building's floors, a 社区长 their community.
- A room head (寝室长) with a login records and sees their own room only, and only where
  GRID_PAGES_INSPECTIONS_ROOM_HEADS_RECORD allows it; they may report a finding rectified but
  never re-check it.

Records point at pages of the default locale.
"""

from django.db.models import Q

from grid_pages import scope as grid_scope

from . import conf


def is_office(user):
    return grid_scope.is_office(user, permission="grid_inspections.manage_inspections")


def staff_pages(user):
    return grid_scope.staff_page_ids(user)


def head_room_ids(user):
    """The rooms the user heads, when room heads may record (cached on the user object)."""
    if not (conf.get("ROOM_HEADS_RECORD") and user and user.is_authenticated and user.is_active):
        return frozenset()
    cached = getattr(user, "_grid_inspections_rooms", None)
    if cached is None:
        from grid_pages.models import Room

        cached = user._grid_inspections_rooms = frozenset(Room.objects.filter(head__user=user).values_list("pk", flat=True))
    return cached


def is_staff_user(user):
    """Office or a staff role somewhere: sees ledgers and re-checks."""
    return is_office(user) or bool(staff_pages(user))


def can_use(user):
    return is_staff_user(user) or bool(head_room_ids(user))


def _scoped(user, queryset, floor="floor", rooms=None):
    if is_office(user):
        return queryset
    condition = Q(pk__in=[])
    pages = staff_pages(user)
    if pages:
        condition |= grid_scope.in_pages(pages, floor=floor)
    if rooms and head_room_ids(user):
        condition |= Q(**{f"{rooms}__in": head_room_ids(user)})
    return queryset.filter(condition)


def visible_rounds(user, queryset=None):
    from .models import InspectionRound

    queryset = InspectionRound.objects.all() if queryset is None else queryset
    # A room head sees the rounds they recorded themselves.
    if not is_office(user) and head_room_ids(user):
        pages = staff_pages(user)
        condition = Q(inspector=user)
        if pages:
            condition |= grid_scope.in_pages(pages)
        return queryset.filter(condition)
    return _scoped(user, queryset)


def visible_findings(user, queryset=None):
    from .models import Finding

    queryset = Finding.objects.all() if queryset is None else queryset
    return _scoped(user, queryset, rooms="room_id")


def in_staff_scope(user, *page_ids):
    """Whether one of ``page_ids`` (a record's floor, building, community) is in the user's staff scope."""
    return is_office(user) or bool(set(page_ids) & staff_pages(user))


def can_record_floor(user, floor_id, building_id, community_id):
    return in_staff_scope(user, floor_id, building_id, community_id)


def can_view_finding(user, finding):
    return in_staff_scope(user, finding.floor_id, finding.building_id, finding.community_id) or (
        finding.room_id in head_room_ids(user)
    )


def can_rectify(user, finding):
    return can_view_finding(user, finding)


def can_recheck(user, finding):
    """Re-checks are the staff's: never the room head's own word."""
    return in_staff_scope(user, finding.floor_id, finding.building_id, finding.community_id)


def can_publish_ranking(user, building_id, community_id):
    """A building's hygiene ranking is published by its 楼长, the 社区长 or the office, not a 层长."""
    return in_staff_scope(user, building_id, community_id)


def pages_in_scope(user, queryset):
    """Grid pages the user works for (and the levels above them), for filters and pickers."""
    return grid_scope.pages_in_scope(user, queryset, staff_pages(user), office=is_office(user))
