from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from .lookup import _active_locale, _page_id, find_rooms
from .models import BuildingPage, FloorPage, Room

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
            return redirect(f"{url}?{urlencode({'room': result.room.number})}#{result.room.anchor}")
    if result.building is not None:
        url = result.building.get_url(request)
        if url:
            return redirect(url)
    return TemplateResponse(
        request,
        "grid_pages/find_room.html",
        {"result": result, "q": text, "has_query": bool(text.strip() or building_id or room.strip())},
    )


def _picker_building(page_id, private):
    """The live building ``page_id``, as the building lists offer it: its translation in the
    active locale, else in the default one (the lists fall back to it), else None."""
    locale = _active_locale()
    if locale is None:
        return None
    locales = [locale] if locale.is_default else [locale, Locale.get_default()]
    chosen = BuildingPage.objects.live().filter(pk=page_id).values("translation_key")
    found = BuildingPage.objects.live().filter(translation_key__in=chosen, locale__in=locales).exclude(private)
    by_locale = {building.locale_id: building for building in found}
    return next((by_locale[loc.pk] for loc in locales if loc.pk in by_locale), None)


@require_safe
@cache_control(public=True, max_age=BUILDING_ROOMS_MAX_AGE)
def building_rooms(request):
    """The live floors of a building and their rooms, as JSON: ?building=<page id>.

    Feeds the floor and room lists of forms that offer a building list. Floors come
    in the building page's order, rooms in the floor page's. The same for everyone,
    so it touches no session, cookie or CSRF token and may be cached by any proxy;
    pages behind a view restriction are left out as they would be for an anonymous
    visitor. Five or six queries whatever the size of the building.
    """
    page_id = _page_id(request.GET.get("building", ""))
    private = BuildingPage.objects.private_q()  # one query: the view restrictions
    building = _picker_building(page_id, private) if page_id is not None else None
    if building is None:
        return JsonResponse({"message": _("No published building has this id.")}, status=404)
    floors = list(
        FloorPage.objects.child_of(building)
        .live()
        .exclude(private)
        .only("pk", "title")
        .order_by("number", "path")
    )
    rooms = {floor.pk: [] for floor in floors}
    if floors:
        for pk, floor_id, number in (
            Room.objects.filter(floor_id__in=list(rooms))
            .order_by("sort_order", "pk")
            .values_list("pk", "floor_id", "number")
        ):
            rooms[floor_id].append({"id": pk, "number": number})
    return JsonResponse(
        {
            "building": {"id": building.pk, "title": building.title},
            "floors": [{"id": f.pk, "title": f.title, "rooms": rooms[f.pk]} for f in floors],
        },
        json_dumps_params={"ensure_ascii": False},
    )
