"""The QR code on a printed plaque: it leads to the room's row on its floor page.

The code carries the room's short link (``/r/<code>/``, grid_pages.shortlinks): fewer modules
than the floor page's URL, and it survives moves and renames of the pages above the room. Print
settings follow ISO/IEC 18004: a quiet zone of 4 modules (cameras fail on coloured or textured
plaque backgrounds with less) and error correction level Q (25 %), for scratches, dirt and glare.
"""

import segno
from django.utils.safestring import mark_safe

from ..shortlinks import room_short_url

QUIET_ZONE = 4
ERROR_LEVEL = "q"


def plaque_qr_url(plaque, request):
    """Absolute short link of the plaque's room on the public host, or None while the floor
    page is not published and routable."""
    return room_short_url(plaque.room, request)


def make_qr(url):
    """The QR symbol for ``url``; micro=False: phone cameras do not read Micro QR codes."""
    return segno.make(url, micro=False, error=ERROR_LEVEL)


def qr_svg(url):
    """``url`` as an inline SVG QR code, sized by CSS (viewBox only)."""
    return mark_safe(make_qr(url).svg_inline(scale=4, border=QUIET_ZONE, omitsize=True))
