"""Who sees which holiday records: the roster's scope (``grid_pages.roster.scope``) on the student's
room. The office opens and edits holiday periods."""

from grid_pages import conf
from grid_pages.roster import scope as roster_scope

can_use = roster_scope.can_use
is_office = roster_scope.is_office


def visible(user, queryset, student="student"):
    """``queryset`` narrowed to records whose ``student`` lives in the user's part of the grid."""
    return roster_scope.narrow(user, queryset, room=f"{student}__room")


def floors_in_scope(user):
    """Floor pages (default locale) with rooms in the user's scope, in tree order."""
    from wagtail.models import Locale

    FloorPage = conf.get_floor_model()

    floors = FloorPage.objects.filter(locale=Locale.get_default()).order_by("path")
    return roster_scope.pages_in_scope(user, floors)
