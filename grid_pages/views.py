from urllib.parse import urlencode

from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .lookup import find_rooms


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
