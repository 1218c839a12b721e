"""Find my grid member through HTTP: redirects, candidates, messages and hostile input."""

from urllib.parse import quote

import pytest

from grid_pages.privacy import student_contact

URL = "/grid/find/"


def floor_url(page, room):
    return f"{page.url}?room={room}#room-{room}"


def floor_of(building, slug):
    return building.get_children().get(slug=slug)


@pytest.mark.parametrize("q", ["庠园3栋502", "3栋 502", "3号楼502", "3-502", "3#502", "庠园社区3栋502", "三栋502", "３栋５０２"])
def test_one_room_redirects_to_its_floor(client, campus, q):
    response = client.get(URL, {"q": q})
    assert response.status_code == 302
    assert response["Location"] == floor_url(floor_of(campus["x3"], "f5"), "502")


def test_chosen_building_and_room_redirects(client, campus):
    response = client.get(URL, {"building": campus["q3"].pk, "room": "201"})
    assert response["Location"] == floor_url(floor_of(campus["q3"], "f2"), "201")


def test_room_without_building_searches_the_campus(client, campus):
    response = client.get(URL, {"building": "", "room": "101"})
    assert response.status_code == 200
    assert response.content.decode().count("?room=101#room-101") == 3
    response = client.get(URL, {"building": "", "room": "502"})
    assert response["Location"] == floor_url(floor_of(campus["x3"], "f5"), "502")


def test_landing_page_shows_the_whole_chain_with_contacts(client, campus):
    response = client.get(URL, {"q": "庠园3栋502"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    floor = floor_of(campus["x3"], "f5").specific
    room = floor.grid_rooms.get(number="502")
    room_head = student_contact(room.head, None)  # a student: visitors see surname + 同学, a masked number
    floor_head = floor.grid_assignments.get().staff
    building_head = campus["x3"].grid_assignments.get().staff
    community_head = campus["xiangyuan"].grid_assignments.get().staff
    assert 'id="chain"' in html
    for person in (room_head, floor_head, building_head, community_head):
        assert person.name in html
        assert person.phone in html
    # The chain is in escalation order.
    positions = [html.index(p.name) for p in (room_head, floor_head, building_head, community_head)]
    assert positions == sorted(positions)
    assert 'id="room-502" class="is-selected"' in html


def test_ambiguous_building_lists_candidates(client, campus):
    response = client.get(URL, {"q": "3栋102"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "庠园社区" in html and "沁园社区" in html
    assert floor_url(floor_of(campus["x3"], "f1"), "102") in html
    assert floor_url(floor_of(campus["q3"], "f1"), "102") in html
    assert 'role="status"' in html


def test_room_alone_lists_candidates(client, campus):
    response = client.get(URL, {"q": "101"})
    html = response.content.decode()
    assert html.count("?room=101#room-101") == 3


def test_building_alone_redirects_to_its_page(client, campus):
    response = client.get(URL, {"q": "庠园 3栋"})
    assert response["Location"] == campus["x3"].url
    response = client.get(URL, {"building": campus["x5"].pk, "room": ""})
    assert response["Location"] == campus["x5"].url


def test_community_alone_lists_its_buildings(client, campus):
    response = client.get(URL, {"q": "庠园"})
    assert response.status_code == 200
    html = response.content.decode()
    assert campus["x3"].url in html and campus["x5"].url in html
    assert campus["q3"].url not in html
    assert campus["xiangyuan"].url in html


def test_unknown_room_gives_message_and_suggestions(client, campus):
    response = client.get(URL, {"q": "庠园3栋509"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "509" in html
    assert campus["x3"].url in html  # browse the building's floors
    assert floor_url(floor_of(campus["x3"], "f5"), "501") in html  # nearby rooms


def test_unknown_room_in_chosen_building(client, campus):
    response = client.get(URL, {"building": campus["x5"].pk, "room": "509"})
    assert response.status_code == 200
    assert campus["x5"].url in response.content.decode()


def test_nothing_matches(client, campus):
    response = client.get(URL, {"q": "火星9栋999"})
    assert response.status_code == 200
    assert 'role="status"' in response.content.decode()


@pytest.mark.parametrize("q, echoed", [("99栋9999", "99栋9999"), ("庠园99栋502", "庠园99栋502"), ("庠园3栋9999", "庠园3栋9999")])
def test_what_was_typed_is_echoed_as_typed(client, campus, q, echoed):
    """The message reads back the student's words, not the parsed parts ("99 9999", "9999")."""
    html = client.get(URL, {"q": q}).content.decode()
    message = html.split('role="status">', 1)[1].split("</p>", 1)[0]
    assert f"“{echoed}”" in message


def test_empty_form_shows_no_message(client, campus):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="status"' not in html
    assert 'name="q"' in html and 'name="building"' in html


HOSTILE = [
    "x" * 5000,
    "3栋" * 2000,
    "!!!???...",
    "、、、——",
    "' OR '1'='1'; DROP TABLE grid_pages_room; --",
    '"><script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>3栋502",
    "3栋\x00502",
    "\x00\x01\x02\x1b[31m",
    "%00%27%22",
    "%_%",
    "🏠🏠🏠",
    "\u202e3栋502",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_text_gives_a_normal_page(client, campus, q):
    response = client.get(URL, {"q": q})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        html = response.content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "\x00" not in html.split('name="q"')[0]


def test_html_in_the_query_is_escaped_in_the_message(client, campus):
    response = client.get(URL, {"q": "<b>博雅</b>楼"})
    html = response.content.decode()
    assert "<b>博雅</b>" not in html
    assert "&lt;b&gt;博雅&lt;/b&gt;" in html


def test_raw_nul_in_query_string(client, campus):
    response = client.get(URL + "?q=3%E6%A0%8B%00502")
    assert response.status_code == 302


def test_invalid_utf8_in_query_string(client, campus):
    response = client.get(URL + "?q=%FF%FE3-502&room=%C3%28")
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    "building",
    ["abc", "-1", "0", "²", "١٢", "99999999999999999999999999", "1e3", "1; DROP TABLE x", "<script>", "\x00"],
)
def test_invalid_building_id_gives_a_normal_page(client, campus, building):
    response = client.get(URL, {"building": building, "room": "502"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="status"' in html
    assert "<script>" not in html


def test_unknown_building_id(client, campus):
    response = client.get(URL, {"building": campus["x3"].pk + 10_000, "room": "502"})
    assert response.status_code == 200
    assert 'role="status"' in response.content.decode()


@pytest.mark.parametrize("room", ["'; --", "<script>", "x" * 5000, "\x00", "５０２室"])
def test_odd_room_field(client, campus, room):
    response = client.get(URL, {"building": campus["x3"].pk, "room": room})
    assert response.status_code in (200, 302)
    assert "<script>" not in response.content.decode()


def test_english_pages_under_en(client, english_campus):
    response = client.get("/en" + URL, {"q": "3-502"})
    assert response.status_code == 302
    assert response["Location"] == floor_url(english_campus["en_floor5"], "502")
    assert response["Location"].startswith("/en/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'id="chain"' in page.content.decode()


def test_english_chosen_building(client, english_campus):
    response = client.get("/en" + URL, {"building": english_campus["en_x3"].pk, "room": "502"})
    assert response["Location"] == floor_url(english_campus["en_floor5"], "502")


def test_other_campus_naming_through_http(client, other_campus):
    for q, building, floor, room in [
        ("A座302", "a", "f3", "302"),
        ("12号楼 1203", "twelve", "f12", "1203"),
        ("博雅楼502", "boya", "f5", "502"),
        ("西区7幢302", "seven", "f3", "302"),
        ("B101", "b", "f1", "B101"),
    ]:
        response = client.get(URL, {"q": q})
        assert response["Location"] == floor_url(floor_of(other_campus[building], floor), quote(room)), q
