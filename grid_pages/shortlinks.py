"""Short links to rooms: ``/r/<code>/`` redirects to the room's row on its floor page.

Printed QR codes and notices carry the short link instead of the floor page's URL, so they stay
short (a smaller, sturdier QR code) and keep working when a community, building or floor is
moved or renamed: the code is the room's id in base 36, and the redirect looks up where the
room is now.
"""

from urllib.parse import urlencode

from django.urls import reverse

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
MAX_CODE_LENGTH = 12  # base 36 of a 64-bit id is 13 digits; longer codes are not looked up


def room_code(room):
    number, code = room.pk, ""
    while True:
        number, digit = divmod(number, 36)
        code = DIGITS[digit] + code
        if not number:
            return code


def room_id(code):
    """The room id in ``code``, or None for something that is not a code."""
    code = code.lower()
    if not code or len(code) > MAX_CODE_LENGTH or any(c not in DIGITS for c in code):
        return None
    return int(code, 36)


def room_short_url(room, request=None):
    """Absolute short link of ``room`` on the root URL of its floor's Site (the public host), or
    None while the floor is not routable."""
    parts = room.floor.get_url_parts(request)
    if not parts or not parts[1]:
        return None
    return f"{parts[1]}{reverse('grid_rooms:room', args=[room_code(room)])}"


def room_target(room, floor_url):
    """Where a room's short link leads: its row on the floor page, marked with ``?room=``."""
    return f"{floor_url}?{urlencode({'room': room.number})}#{room.anchor}"
