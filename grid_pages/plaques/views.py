"""Print sheets (A5, one plaque per sheet). Public: plaques hang on doors for all to read."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from grid_pages.conf import get_building_model, get_floor_model

from .qr import plaque_qr_url, qr_svg
from .queries import printable_plaques


def _sheets(plaques, request):
    for plaque in plaques:
        plaque.qr_url = plaque_qr_url(plaque, request)
        plaque.qr_svg = qr_svg(plaque.qr_url) if plaque.qr_url else ""
    return plaques


def print_plaque(request, plaque_id):
    plaques = printable_plaques(pk=plaque_id)
    if not plaques:
        raise Http404
    return TemplateResponse(
        request, "grid_plaques/print.html", {"plaques": _sheets(plaques, request), "title": plaques[0].room_label}
    )


def print_building(request, building_id):
    building = get_object_or_404(get_building_model().objects.live(), pk=building_id)
    # Through translation keys, a translated building prints the plaques of its source floors.
    floors = get_floor_model().objects.child_of(building).values("translation_key")
    plaques = printable_plaques(room__floor__translation_key__in=floors)
    return TemplateResponse(
        request, "grid_plaques/print.html", {"plaques": _sheets(plaques, request), "title": building.title}
    )
