"""Demo logins for three grid handlers, so the scoped case queue and page rights can be tried.

Each login is linked to the person already holding the role on the demo grid: the 社区长 of
the community with the most cases, the 楼长 of its busiest building and the 层长 of that
building's busiest floor. Linking the account is all it takes: the access app gives the
subtree rights, and the cases app scopes the queue by the same assignments.
"""

import secrets

from django.contrib.auth import get_user_model
from django.db.models import Count
from wagtail.models import Locale

from grid_pages.cases.models import Case
from grid_pages.models import GridAssignment
from grid_pages.roles import GridRole

# (username, role, the Case field naming the grid node of that level)
LOGINS = (
    ("shequzhang", GridRole.COMMUNITY_HEAD, "community"),
    ("louzhang", GridRole.BUILDING_HEAD, "building"),
    ("cengzhang", GridRole.FLOOR_HEAD, "floor"),
)


def _busiest(field, **within):
    """The grid page of ``field``'s level with the most cases (inside ``within``), or None."""
    row = (
        Case.objects.filter(**{f"{field}__isnull": False}, **within)
        .values(field)
        .annotate(n=Count("pk"))
        .order_by("-n", field)
        .first()
    )
    return row[field] if row else None


def handler_pages():
    """[(username, role, page id)] for the three demo logins, busiest parts of the grid first."""
    community = _busiest("community")
    building = _busiest("building", community_id=community) if community else None
    floor = _busiest("floor", building_id=building) if building else None
    pages = {"community": community, "building": building, "floor": floor}
    return [(username, role, pages[field]) for username, role, field in LOGINS if pages[field]]


def ensure_handler_logins(password=None):
    """Create (once) and link the demo handlers' accounts; returns [(username, description, password)].

    A new account gets ``password`` (the admin's, when known) or a random one; an existing
    one keeps its own unless ``password`` is given. The password in the result is None when
    it was not set now.
    """
    User = get_user_model()
    default = Locale.get_default()
    made = []
    for username, role, page_id in handler_pages():
        assignment = (
            GridAssignment.objects.filter(page_id=page_id, role=role, page__locale=default)
            .select_related("staff", "page")
            .order_by("sort_order", "pk")
            .first()
        )
        if assignment is None:
            continue
        staff = assignment.staff
        user = User.objects.filter(username=username).first()
        given = None
        if user is None:
            given = password or secrets.token_urlsafe(12)
            user = User.objects.create_user(username, email=staff.email or "", password=given, first_name=staff.name)
        elif password:
            given = password
            user.set_password(password)
            user.save(update_fields=["password"])
        if staff.user_id != user.pk:
            staff.user = user
            staff.save()  # the access app's signal grants the subtree rights
        place = assignment.page.title
        if role == GridRole.FLOOR_HEAD:  # "2层" alone does not say which building
            place = f"{assignment.page.get_parent().title} {place}"
        made.append((username, f"{GridRole(role).label} · {place} ({staff.name})", given))
    return made
