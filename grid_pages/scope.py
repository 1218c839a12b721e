"""Which part of the grid a signed-in person works for: the grid's local roles, in one place for
every sub-app that keeps records about places (cases, the roster, inspections, night checks ...).

- The office (members of the group GRID_PAGES_OFFICE_GROUP, superusers, or holders of a permission
  the sub-app names) works for the whole campus.
- A person assigned in a staff role (GRID_PAGES_STAFF_ROLES: 社区长, 楼长, 层长, 辅导员, 宿管员) on a
  community, building or floor page works for that page and everything below it. Room heads are
  students: they hold no staff scope.

Sub-apps keep their own rules on top (cases: whoever a case is assigned to by name) and read
records through ``in_pages``, which expects ``community``, ``building`` and ``floor`` keys (any may
be missing) pointing at grid pages of the default locale.
"""

from django.db.models import Q

from . import conf


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def _user_cache(user, name):
    # Kept on the user object, which lives for one request.
    cache = getattr(user, name, None)
    if cache is None:
        cache = {}
        setattr(user, name, cache)
    return cache


def is_office(user, permission=None, group=None):
    """Whether the user works for the whole campus: a superuser, a member of the office group
    (``group`` or GRID_PAGES_OFFICE_GROUP), or a holder of ``permission``. Cached on the user."""
    if not _active(user):
        return False
    if user.is_superuser or (permission and user.has_perm(permission)):
        return True
    group = group or conf.get("OFFICE_GROUP")
    cache = _user_cache(user, "_grid_office_groups")
    if group not in cache:
        cache[group] = user.groups.filter(name=group).exists()
    return cache[group]


def staff_page_ids(user, roles=None):
    """Ids of the grid pages on which the user holds one of ``roles`` (GRID_PAGES_STAFF_ROLES by
    default), cached on the user object for the request."""
    if not _active(user):
        return frozenset()
    roles = tuple(roles or conf.get("STAFF_ROLES"))
    cache = _user_cache(user, "_grid_staff_pages")
    if roles not in cache:
        from .models import GridAssignment

        cache[roles] = frozenset(
            GridAssignment.objects.filter(staff__user=user, role__in=roles).values_list("page_id", flat=True)
        )
    return cache[roles]


def in_pages(page_ids, community="community", building="building", floor="floor"):
    """A filter for records located at or below any of ``page_ids``; pass None for a level the
    model does not have (e.g. ``floor=None`` for a record about a building)."""
    condition = Q(pk__in=[])
    for field in (community, building, floor):
        if field:
            condition |= Q(**{f"{field}_id__in": page_ids})
    return condition


def pages_in_scope(user, queryset, page_ids=None, office=None):
    """Narrow a queryset of grid pages to the user's part of the grid: the pages they hold a
    role on, everything below them and the levels above them (so a floor head's filters still
    offer their building and community). ``office`` short-cuts the office test when known."""
    if office if office is not None else is_office(user):
        return queryset
    Page = conf.get_page_model()
    page_ids = staff_page_ids(user) if page_ids is None else page_ids
    paths = list(Page.objects.filter(pk__in=page_ids).values_list("path", flat=True))
    if not paths:
        return queryset.none()
    step = Page.steplen
    ancestors = {path[:i] for path in paths for i in range(step, len(path), step)}
    below = Q()
    for path in paths:
        below |= Q(path__startswith=path)
    return queryset.filter(below | Q(path__in=ancestors))
