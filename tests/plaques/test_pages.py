"""Plaques on floor, building and community pages and on the showcase page."""

import re

import pytest
from grid_pages.plaques.models import PlaqueIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_page(campus):
    page = PlaqueIndexPage(title="党员宿舍风采", slug="plaques")
    campus["home"].add_child(instance=page)
    page.save_revision().publish()
    return page


def floor(campus, building, number):
    return campus[building].get_children().get(slug=f"f{number}").specific


def test_floor_page_shows_its_active_plaques_only(client, campus, plaques):
    html = client.get(floor(campus, "x3", 5).url).content.decode()
    assert "党员示范宿舍" in html
    assert 'href="#room-502"' in html
    assert plaques["x3_502"].commitment in html
    assert "党员甲" in html and "预备党员" in html
    assert "旧牌子" not in html  # withdrawn
    assert f"/grid/plaques/{plaques['x3_502'].pk}/print/" in html


def test_floor_without_plaques_has_no_section(client, campus, plaques):
    html = client.get(floor(campus, "x3", 3).url).content.decode()
    assert "grid-plaques" not in html


def test_building_page_groups_plaques_by_floor_with_counts(client, campus, plaques):
    html = client.get(campus["x3"].url).content.decode()
    section = html[html.index('class="grid-plaques"') :]
    assert "本楼共 2 个挂牌" in section
    # Floors in number order: 2层 before 5层, each with its count and link to the room.
    assert section.index("2层") < section.index("5层")
    assert f'{floor(campus, "x3", 5).url}#room-502' in section
    assert "/grid/plaques/building/%d/print/" % campus["x3"].pk in section
    assert "#room-101" not in section  # 沁园3栋's plaque is elsewhere (not the digits: a generated name may hold them)


def test_community_page_counts_plaques_per_building(client, campus, plaques):
    html = client.get(campus["xiangyuan"].url).content.decode()
    section = html[html.index('class="grid-plaques"') :]
    assert "庠园3栋" in section and "庠园5栋" not in section  # no plaque in 5栋
    assert re.search(r"庠园3栋</a>\s*<span[^>]*>\s*2", section)


def test_index_groups_by_community_and_building_with_counts(client, campus, plaques, index_page):
    html = client.get(index_page.url).content.decode()
    assert html.index("庠园社区") < html.index("沁园社区")
    counts = re.findall(r'class="grid-meta plaque-count">(.*?)</span>', html)
    # 庠园社区 2, 庠园3栋 2, 沁园社区 1, 沁园3栋 1
    assert [re.sub(r"\D", "", c) for c in counts] == ["2", "2", "1", "1"]
    assert "全校共 3 个党员宿舍" in html
    assert "旧牌子" not in html


def test_index_is_empty_without_plaques(client, campus, index_page):
    response = client.get(index_page.url)
    assert response.status_code == 200
    assert "grid-empty" in response.content.decode()


def test_home_links_to_the_showcase(client, campus, plaques, index_page):
    html = client.get(campus["home"].url).content.decode()
    assert f'href="{index_page.url}"' in html


def test_index_page_only_under_the_campus_root(campus):
    assert PlaqueIndexPage.can_create_at(campus["home"])
    assert not PlaqueIndexPage.can_create_at(campus["x3"])


def test_hostile_text_is_escaped_everywhere(client, campus, plaques, index_page):
    plaque = plaques["x3_502"]
    plaque.commitment = "<script>alert(1)</script>"
    plaque.save()
    member = plaque.members.first()
    member.name = "<img src=x onerror=alert(1)>"
    member.save()
    for url in (
        floor(campus, "x3", 5).url,
        campus["x3"].url,
        index_page.url,
        f"/grid/plaques/{plaque.pk}/print/",
        f"/grid/plaques/building/{campus['x3'].pk}/print/",
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url


def test_anonymous_pages_touch_no_session_or_csrf(client, campus, plaques, index_page):
    print_url = f"/grid/plaques/{plaques['x3_502'].pk}/print/"
    for url in (floor(campus, "x3", 5).url, campus["x3"].url, index_page.url, print_url):
        response = client.get(url)
        assert "csrftoken" not in response.cookies and "sessionid" not in response.cookies
        assert "Cookie" not in response.get("Vary", "")


def test_translated_pages_show_the_plaques_of_their_source_rooms(client, english_campus, plaques):
    floor_html = client.get(english_campus["en_floor5"].url).content.decode()
    assert floor_html.startswith("<!DOCTYPE html>") and '<html lang="en">' in floor_html
    assert "Model party member dorm" in floor_html and 'href="#room-502"' in floor_html
    assert "/en/grid/plaques/%d/print/" % plaques["x3_502"].pk in floor_html
    building_html = client.get(english_campus["en_x3"].url).content.decode()
    # Only floor 5 is translated: the English building lists that floor's plaque.
    assert "1 plaque in this building" in building_html
    assert english_campus["en_floor5"].url + "#room-502" in building_html
