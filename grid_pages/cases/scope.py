"""Who may see and handle which cases: the local roles of the grid, in one place.

- The student-affairs office (members of GRID_PAGES_CASES_OFFICE_GROUP, or anyone holding the
  ``grid_cases.handle_case`` permission, superusers included) sees and handles every case.
- A person assigned in a handler role (conf HANDLER_ROLES: 社区长, 楼长, 层长, 辅导员, 宿管员) on a
  community, building or floor page sees and handles the cases located in that part of the grid:
  a floor head their floor, a building head the building and all its floors, a community head
  the whole community. Room heads are students and see no cases.
- Everybody else sees nothing.

Grid pages are resolved in the default locale, where cases point.
"""

from django.db.models import Q

from grid_pages.models import GridAssignment

from . import conf


def is_office(user):
    """Whether the user works for the whole campus (student-affairs office or superuser)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.has_perm("grid_cases.handle_case"):
        return True
    cache = getattr(user, "_grid_cases_office", None)
    if cache is None:
        cache = user._grid_cases_office = user.groups.filter(name=conf.get("OFFICE_GROUP")).exists()
    return cache


def handler_page_ids(user):
    """Ids of the grid pages on which the user holds a handler role (cached on the user object)."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    cached = getattr(user, "_grid_cases_pages", None)
    if cached is None:
        cached = user._grid_cases_pages = frozenset(
            GridAssignment.objects.filter(staff__user=user, role__in=conf.get("HANDLER_ROLES")).values_list(
                "page_id", flat=True
            )
        )
    return cached


def _in_pages(page_ids):
    return Q(community_id__in=page_ids) | Q(building_id__in=page_ids) | Q(floor_id__in=page_ids)


def can_use_queue(user):
    """Whether the user gets the case queue at all."""
    return is_office(user) or bool(handler_page_ids(user))


def visible_cases(user, queryset=None):
    """The cases the user may list and open."""
    from .models import Case

    queryset = Case.objects.all() if queryset is None else queryset
    if is_office(user):
        return queryset
    pages = handler_page_ids(user)
    if not pages:
        return queryset.none()
    return queryset.filter(_in_pages(pages))


def grid_pages_in_scope(user, queryset):
    """Narrow a queryset of grid pages to those in the user's part of the grid: the pages
    they hold a handler role on, everything below them and the levels above them (so a
    floor head's filter still offers their building and community)."""
    if is_office(user):
        return queryset
    from wagtail.models import Page

    paths = list(Page.objects.filter(pk__in=handler_page_ids(user)).values_list("path", flat=True))
    if not paths:
        return queryset.none()
    step = Page.steplen
    ancestors = {path[:i] for path in paths for i in range(step, len(path), step)}
    below = Q()
    for path in paths:
        below |= Q(path__startswith=path)
    return queryset.filter(below | Q(path__in=ancestors))


def can_view(user, case):
    if is_office(user):
        return True
    pages = handler_page_ids(user)
    return bool(pages) and bool({case.community_id, case.building_id, case.floor_id} & pages)


def can_handle(user, case):
    """Whether the user may act on the case (accept, reply, resolve ...).

    Today the same as seeing it: the grid answers for its own part. Kept apart so a campus can
    make it stricter (e.g. only the handling level) in one place.
    """
    return can_view(user, case)


def can_see_contact(user, case):
    """Handlers see a named student's contact to call back; an anonymous sender stays hidden to all."""
    return not case.anonymous and can_view(user, case)
