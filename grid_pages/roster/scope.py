"""Which students a signed-in person may see: the grid's scope (``grid_pages.scope``) applied to
the student's room. A 层长 sees the students of their floor, a 楼长 their building, a 社区长 their
community, a 辅导员 or 宿管员 the part of the grid they are assigned to; the office (the office group,
superusers, holders of ``grid_roster.change_student``) sees every student. Students without a room
are the office's alone. The holidays and night-check apps use the same rules through this module.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from grid_pages import scope as grid_scope
from grid_pages.conf import get_page_model

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()

OFFICE_PERMISSION = "grid_roster.change_student"


def is_office(user):
    return grid_scope.is_office(user, permission=OFFICE_PERMISSION)


def scope_paths(user):
    """Tree paths of the grid pages the user works for (cached on the user for the request)."""
    cached = getattr(user, "_grid_roster_paths", None)
    if cached is None:
        ids = grid_scope.staff_page_ids(user)
        cached = list(Page.objects.filter(pk__in=ids).values_list("path", flat=True)) if ids else []
        if user is not None:
            user._grid_roster_paths = cached
    return cached


def can_use(user):
    """Whether the user gets the roster (and the screens built on it) at all."""
    return is_office(user) or bool(grid_scope.staff_page_ids(user))


def room_filter(user, room="room"):
    """A filter on a room field (``room``: its lookup path) for the rooms in the user's part of
    the grid; None for the office, who sees all."""
    if is_office(user):
        return None
    paths = scope_paths(user)
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{room}__floor__path__startswith": path}) for path in paths))


def narrow(user, queryset, room="room"):
    """``queryset`` narrowed to records whose ``room`` is in the user's scope."""
    condition = room_filter(user, room)
    return queryset if condition is None else queryset.filter(condition)


def visible_students(user, queryset=None):
    from .models import Student

    return narrow(user, Student.objects.all() if queryset is None else queryset)


def rooms_in_scope(user, queryset=None):
    """Rooms of the default locale in the user's scope."""
    from grid_pages.models import Room

    queryset = Room.objects.all() if queryset is None else queryset
    if is_office(user):
        return queryset
    paths = scope_paths(user)
    if not paths:
        return queryset.none()
    return queryset.filter(reduce(or_, (Q(floor__path__startswith=path) for path in paths)))


def can_view_room(user, room):
    if is_office(user):
        return True
    return room is not None and any(room.floor.path.startswith(path) for path in scope_paths(user))


def can_view(user, student):
    if is_office(user):
        return True
    return student.room_id is not None and can_view_room(user, student.room)


def pages_in_scope(user, queryset):
    """Grid pages for the place filters: the user's part of the grid and the levels above it."""
    return grid_scope.pages_in_scope(user, queryset, grid_scope.staff_page_ids(user), office=is_office(user))
