"""Plaque QR codes as a phone reads them: decoded by zbar, with a 4-module quiet zone, carrying a
short link that survives moves and renames of the pages above the room."""

import io
import re

import pytest
from PIL import Image

from grid_pages.plaques.qr import QUIET_ZONE, make_qr
from grid_pages.shortlinks import room_code, room_id
from home.site_url import apply_base_url

BASE = "https://community.example.edu.cn"


def zbar_decode(png):
    try:
        from pyzbar import pyzbar
    except ImportError as error:  # the package, or Debian's libzbar0 it loads
        pytest.skip(f"pyzbar cannot load zbar ({error}); .ci/run installs libzbar0")
    return [symbol.data.decode() for symbol in pyzbar.decode(Image.open(io.BytesIO(png)))]


def test_the_printed_code_decodes_to_a_short_link_on_the_public_host(client, settings, plaques):
    settings.PORTAL_BASE_URL = BASE
    apply_base_url()
    plaque = plaques["x3_502"]
    html = client.get(f"/grid/plaques/{plaque.pk}/print/", HTTP_HOST="127.0.0.1").content.decode()
    url = f"{BASE}/r/{room_code(plaque.room)}/"
    qr = make_qr(url)
    assert qr.error in ("Q", "H")
    # The page's SVG is this symbol with the quiet zone all round: (modules + 2 x 4) x scale 4.
    size = (qr.symbol_size(scale=1, border=0)[0] + 2 * QUIET_ZONE) * 4
    assert f'viewBox="0 0 {size} {size}"' in html
    assert qr.svg_inline(scale=4, border=QUIET_ZONE, omitsize=True) in html
    png = io.BytesIO()
    qr.save(png, kind="png", scale=4, border=QUIET_ZONE)
    assert zbar_decode(png.getvalue()) == [url]


def test_a_short_link_survives_moving_and_renaming_the_building(client, campus, plaques):
    room = plaques["x3_502"].room
    path = f"/r/{room_code(room)}/"
    assert client.get(path)["Location"] == "/xiangyuan/b3/f5/?room=502#room-502"
    x3 = campus["x3"]
    x3.slug = "building-3"
    x3.save_revision().publish()
    x3.refresh_from_db()
    x3.move(campus["qinyuan"], pos="last-child")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == "/qinyuan/building-3/f5/?room=502#room-502"


def test_short_links_in_english_and_unknown_codes(client, english_campus):
    room = english_campus["en_floor5"].specific.grid_rooms.get(number="502")
    source_room = english_campus["x3"].get_children().get(slug="f5").specific.grid_rooms.get(number="502")
    assert client.get(f"/en/r/{room_code(source_room)}/")["Location"] == "/en/xiangyuan/b3/f5/?room=502#room-502"
    assert client.get(f"/r/{room_code(room)}/")["Location"] == "/xiangyuan/b3/f5/?room=502#room-502"
    for code in ("zzzzzz", "-1", "a" * 20, "%E4%B8%80"):
        assert client.get(f"/r/{code}/").status_code == 404
    assert room_id("Z") == 35 and re.fullmatch(r"[0-9a-z]+", room_code(room))
