from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .lookup import building_floors, buildings_by_community, find_rooms
from .shortlinks import room_id, room_target

# Floors and rooms change rarely; a few minutes' delay after publishing is acceptable.
BUILDING_ROOMS_MAX_AGE = 300


def find_room(request):
    """Find my grid member: ?q=3栋502, or ?building=<id>&room=502.

    One room goes straight to it on its floor page, one building to its page;
    anything else renders the candidates, suggestions or a message.
    """
    text = request.GET.get("q", "")
    building_id = request.GET.get("building", "").strip()
    room = request.GET.get("room", "")
    if building_id:
        result = find_rooms(building_id=building_id, room=room)
    else:
        result = find_rooms(text if text.strip() else room)
    if result.room is not None:
        url = result.room.floor.get_url(request)
        if url:
            return redirect(room_target(result.room, url))
    if result.building is not None:
        url = result.building.get_url(request)
        if url:
            return redirect(url)
    return TemplateResponse(
        request,
        "grid_pages/find_room.html",
        {
            "result": result,
            "q": text,
            "has_query": bool(text.strip() or building_id or room.strip()),
            # Here, and only here, the building list is part of the page (it works without JavaScript).
            "find_room_buildings": buildings_by_community(),
        },
    )


@require_safe
@cache_control(public=True, max_age=BUILDING_ROOMS_MAX_AGE)
def building_rooms(request):
    """The live floors of a building and their rooms, as JSON: ?building=<page id>.

    Feeds the floor and room lists of forms that offer a building list. Floors come
    in the building page's order, rooms in the floor page's. The same for everyone,
    so it touches no session, cookie or CSRF token and may be cached by any proxy;
    pages behind a view restriction are left out as they would be for an anonymous
    visitor (``lookup.building_floors``).
    """
    found = building_floors(request.GET.get("building", ""))
    if found is None:
        return JsonResponse({"message": _("No published building has this id.")}, status=404)
    building, floors = found
    return JsonResponse(
        {
            "building": {"id": building.pk, "title": building.title},
            "floors": [
                {"id": floor.pk, "title": floor.title, "rooms": [{"id": r.pk, "number": r.number} for r in rooms]}
                for floor, rooms in floors
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
@cache_control(public=True, max_age=BUILDING_ROOMS_MAX_AGE)
def find_buildings(request):
    """The live buildings of the active language grouped by community, as JSON.

    Fills the building list of the find-my-room box on demand, so grid pages do not
    carry the whole campus. The same for everyone (no session, cookie or CSRF token),
    so any proxy may cache it; one query.
    """
    groups = {}
    for building in buildings_by_community():
        groups.setdefault(building.community_title or "", []).append({"id": building.pk, "title": building.title})
    return JsonResponse(
        {"communities": [{"title": title, "buildings": rows} for title, rows in groups.items()]},
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
@cache_control(public=True, max_age=BUILDING_ROOMS_MAX_AGE)
def room_redirect(request, code):
    """A room's short link (``/r/<code>/``, printed in QR codes): to the room's row on its floor
    page as it is now, in the active language when the floor is translated."""
    from .models import Room

    pk = room_id(code)
    room = Room.objects.select_related("floor").filter(pk=pk).first() if pk else None
    if room is None:
        raise Http404
    floor = room.floor.localized
    url = floor.get_url(request) if floor.live else None
    if not url:
        raise Http404
    return redirect(room_target(room, url))
