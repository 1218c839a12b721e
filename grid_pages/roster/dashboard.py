"""The roster's figures on the leadership dashboard (hook ``grid_dashboard_panels``), scoped."""

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import scope
from .models import RoomMove, Student


def _place_q(place, room="room"):
    page = place.get("building") or place.get("community")
    return Q(**{f"{room}__floor__path__startswith": page.path}) if page else Q()


def roster_panel(request, period, place):
    user = request.user
    if not scope.can_use(user):
        return None
    index = reverse("grid_roster_students:index")
    page = place.get("building") or place.get("community")
    key = "building" if place.get("building") else "community"
    query = f"?{urlencode({key: page.pk})}&" if page else "?"
    students = scope.visible_students(user).filter(_place_q(place), active=True)
    start, end = period.bounds
    moves = scope.narrow(user, RoomMove.objects.filter(moved_at__gte=start, moved_at__lt=end), room="to_room")
    moves = moves.filter(_place_q(place, "to_room"))
    figures = [
        (_("Students living in"), students.count(), f"{index}{query}active=true"),
        (_("Room moves in the period"), moves.count(), None),
    ]
    if scope.is_office(user) and page is None:
        figures.append((_("Students without a room"), Student.objects.filter(active=True, room__isnull=True).count(), f"{index}?active=true&without_room=true"))
    return {"title": _("Student roster"), "figures": figures}
