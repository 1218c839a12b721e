"""A5 print sheets: the plaque alone on the sheet, with a QR code to its room."""

import xml.etree.ElementTree as ET

import pytest
import segno
from django.contrib.staticfiles import finders

from grid_pages.plaques.qr import plaque_qr_url
from grid_pages.shortlinks import room_code

from tests.factories import RoomFactory

from .factories import PlaqueFactory

pytestmark = pytest.mark.django_db


def room_short_path(room):
    return f"/r/{room_code(room)}/"


def test_qr_code_leads_to_the_room_on_its_floor_page(client, campus, plaques):
    plaque = plaques["x3_502"]
    response = client.get(f"/grid/plaques/{plaque.pk}/print/")
    assert response.status_code == 200
    url = plaque_qr_url(plaque, response.wsgi_request)
    assert url == f"http://localhost{room_short_path(plaque.room)}"
    floor = campus["x3"].get_children().get(slug="f5")
    assert client.get(url)["Location"] == f"{floor.url}?room=502#room-502"
    html = response.content.decode()
    svg = segno.make(url, micro=False, error="q").svg_inline(scale=4, border=4, omitsize=True)
    assert svg in html
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag.endswith("svg") and root.get("viewBox")


def test_qr_url_marks_odd_room_numbers_safely(client, campus):
    floor = campus["x3"].get_children().get(slug="f1").specific
    odd = RoomFactory(floor=floor, number="1-A 02", beds=2)
    plaque = PlaqueFactory(room=odd)
    response = client.get(f"/grid/plaques/{plaque.pk}/print/")
    assert client.get(plaque_qr_url(plaque, response.wsgi_request))["Location"].endswith("?room=1-A+02#room-1-A-02")


def test_print_page_has_no_site_chrome_and_an_a5_page(client, campus, plaques):
    plaque = plaques["x3_502"]
    html = client.get(f"/grid/plaques/{plaque.pk}/print/").content.decode()
    for chrome in ("<header", "<nav", "<footer", "site-footer", "grid-breadcrumbs", "grid-find", "<form"):
        assert chrome not in html
    assert html.count('class="plaque-sheet ') == 1
    assert "党员示范宿舍" in html and "庠园社区 · 庠园3栋 · 502" in html
    assert plaque.commitment in html and "党员甲" in html and "正式党员" in html
    assert "grid_plaques/print.css" in html and "grid_pages/grid.css" not in html
    css = open(finders.find("grid_plaques/print.css"), encoding="utf-8").read()
    assert "@page { size: A5;" in css
    assert "page-break-after: always" in css


def test_withdrawn_or_unknown_plaques_are_not_printed(client, plaques):
    assert client.get(f"/grid/plaques/{plaques['old'].pk}/print/").status_code == 404
    assert client.get("/grid/plaques/999999/print/").status_code == 404


def test_building_print_has_one_sheet_per_active_plaque(client, campus, plaques):
    html = client.get(f"/grid/plaques/building/{campus['x3'].pk}/print/").content.decode()
    assert html.count('class="plaque-sheet ') == 2  # 201 and 502; 503's plaque is withdrawn
    assert html.index("庠园3栋 · 201") < html.index("庠园3栋 · 502")
    assert html.count("<svg") == 2
    assert "<footer" not in html


def test_building_print_is_in_english_under_en(client, campus, plaques):
    html = client.get(f"/en/grid/plaques/building/{campus['x3'].pk}/print/").content.decode()
    assert '<html lang="en">' in html and "Model party member dorm" in html and "Our commitment" in html


def test_building_print_of_an_unknown_building_is_404(client, campus):
    assert client.get("/grid/plaques/building/999999/print/").status_code == 404
    floor = campus["x3"].get_children().first()
    assert client.get(f"/grid/plaques/building/{floor.pk}/print/").status_code == 404
