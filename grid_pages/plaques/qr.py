"""The QR code on a printed plaque: it leads to the room's row on its floor page."""

from urllib.parse import urlencode

import segno
from django.utils.safestring import mark_safe


def plaque_qr_url(plaque, request):
    """Absolute URL of the plaque's room on its floor page (``?room=`` marks the room), or None
    while the floor page is not published and routable."""
    room = plaque.room
    floor_url = room.floor.get_full_url(request)
    if not floor_url:
        return None
    return f"{floor_url}?{urlencode({'room': room.number})}#{room.anchor}"


def qr_svg(url):
    """``url`` as an inline SVG QR code, sized by CSS (viewBox only)."""
    # micro=False: phone cameras do not read Micro QR codes.
    return mark_safe(segno.make(url, micro=False).svg_inline(scale=4, border=2, omitsize=True))
