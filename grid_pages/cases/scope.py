"""Who may see and handle which cases: the local roles of the grid, in one place.

- The student-affairs office (members of GRID_PAGES_CASES_OFFICE_GROUP, or anyone holding the
  ``grid_cases.handle_case`` permission, superusers included) sees and handles every case.
- A person assigned in a handler role (conf HANDLER_ROLES: 社区长, 楼长, 层长, 辅导员, 宿管员) on a
  community, building or floor page sees and handles the cases located in that part of the grid:
  a floor head their floor, a building head the building and all its floors, a community head
  the whole community. Room heads are students and see no cases.
- Whoever a case is assigned to by name (their ``StaffMember`` has a login) sees and handles it.
- Everybody else sees nothing.

Grid pages are resolved in the default locale, where cases point.
"""

from django.db.models import Q

from grid_pages import scope as grid_scope

from . import conf


def is_office(user):
    """Whether the user works for the whole campus (student-affairs office or superuser)."""
    return grid_scope.is_office(user, permission="grid_cases.handle_case", group=conf.get("OFFICE_GROUP"))


def handler_page_ids(user):
    """Ids of the grid pages on which the user holds a handler role (cached on the user object)."""
    return grid_scope.staff_page_ids(user, conf.get("HANDLER_ROLES"))


def has_assigned_cases(user):
    """Whether any case is assigned to the user's grid person (cached on the user object)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_grid_cases_assigned", None)
    if cached is None:
        from .models import Case

        cached = user._grid_cases_assigned = Case.objects.filter(assignee__user=user).exists()
    return cached


def can_use_queue(user):
    """Whether the user gets the case queue at all."""
    return is_office(user) or bool(handler_page_ids(user)) or has_assigned_cases(user)


def visible_cases(user, queryset=None):
    """The cases the user may list and open."""
    from .models import Case

    queryset = Case.objects.all() if queryset is None else queryset
    if is_office(user):
        return queryset
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    pages = handler_page_ids(user)
    # Their part of the grid, and what was assigned to them by name (e.g. a department's contact).
    return queryset.filter(grid_scope.in_pages(pages) | Q(assignee__user=user)) if pages else queryset.filter(assignee__user=user)


def grid_pages_in_scope(user, queryset):
    """Narrow a queryset of grid pages to the user's part of the grid (and the levels above it)."""
    return grid_scope.pages_in_scope(user, queryset, handler_page_ids(user), office=is_office(user))


def can_view(user, case):
    if is_office(user):
        return True
    pages = handler_page_ids(user)
    if pages and {case.community_id, case.building_id, case.floor_id} & pages:
        return True
    return _is_assignee(user, case)


def _is_assignee(user, case):
    if not (case.assignee_id and user and user.is_authenticated and user.is_active):
        return False
    from grid_pages.models import StaffMember

    return StaffMember.objects.filter(pk=case.assignee_id, user=user).exists()


def assignable_people(user, case):
    """Whom ``user`` may assign ``case`` to: the people in a handler role on its floor, building
    or community; the office (and the system, ``user`` None) also anyone who is not a room head,
    e.g. a department's contact. Room heads are students: a case never goes to them."""
    from grid_pages.models import StaffMember
    from grid_pages.roles import GridRole

    if user is None or is_office(user):
        return StaffMember.objects.exclude(assignments__role=GridRole.ROOM_HEAD)
    pages = [p for p in (case.floor_id, case.building_id, case.community_id) if p]
    return StaffMember.objects.filter(
        assignments__page_id__in=pages, assignments__role__in=conf.get("HANDLER_ROLES")
    ).distinct()


def can_handle(user, case):
    """Whether the user may act on the case (accept, reply, resolve ...).

    Today the same as seeing it: the grid answers for its own part. Kept apart so a campus can
    make it stricter (e.g. only the handling level) in one place.
    """
    return can_view(user, case)


def can_see_contact(user, case):
    """Handlers see a named student's contact to call back; an anonymous sender stays hidden to all."""
    return not case.anonymous and can_view(user, case)
