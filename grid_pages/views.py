from urllib.parse import urlencode

from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .lookup import find_rooms


def find_room(request):
    """Find my grid member: one match goes straight to the room on its floor page."""
    text = request.GET.get("q", "")
    building_id = request.GET.get("building", "")
    room = request.GET.get("room", "")
    if building_id.isdigit() and room.strip():
        result = find_rooms(building_id=int(building_id), room=room)
    else:
        result = find_rooms(text)
    if result.room is not None:
        target = result.room
        url = target.floor.get_url(request)
        if url:
            return redirect(f"{url}?{urlencode({'room': target.number})}#{target.anchor}")
    if result.building is not None:
        url = result.building.get_url(request)
        if url:
            return redirect(url)
    return TemplateResponse(
        request,
        "grid_pages/find_room.html",
        {"result": result, "q": text, "has_query": bool(text.strip() or room.strip())},
    )

