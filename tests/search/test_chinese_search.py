"""Search through the view on the configured (segmenting) backend and a real database."""

import json

import pytest
from wagtail.models import Page

from grid_pages.models import FloorPage, Room
from search import segment
from tests.factories import StaffMemberFactory

from .conftest import reindex

pytestmark = pytest.mark.django_db


def titles(client, query, url="/search/"):
    response = client.get(url, {"query": query, "format": "json"})
    assert response.status_code == 200
    # Suggestions read "庠园3栋 › 3层"; keep the page's own title.
    return [row["title"].split(" › ")[-1] for row in response.json()["results"]]


def urls(client, query, url="/search/"):
    return [row["url"] for row in client.get(url, {"query": query, "format": "json"}).json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("报修", "庠园3栋"),  # inside 学生宿舍报修申请
        ("宿舍", "庠园3栋"),
        ("党员", "庠园3栋"),  # inside 党员先锋岗
        ("文化节", "庠园社区"),  # inside 第十届社区文化节开幕
        ("公寓", "沁园3号公寓"),
        ("Wi-Fi", "沁园3号公寓"),
        ("wifi密码", "沁园3号公寓"),  # wifi is not a word of the page; 密码 is (any word will do)
        ("宿舍 Wi-Fi", "沁园3号公寓"),
        ("庠园路", "庠园3栋"),
    ],
)
def test_chinese_words_inside_longer_strings_are_found(client, indexed_campus, query, expected):
    assert expected in titles(client, query)


def test_the_configured_backend_is_the_segmenting_one():
    from wagtail.search.backends import get_search_backend

    assert type(get_search_backend()).__module__.startswith("search.backend")


def test_the_stock_tokenizer_problem_is_solved_on_both_sides():
    # The index keeps sub-words; the query keeps whole words; both drop punctuation.
    assert set(segment.index_text("学生宿舍报修申请").split()) >= {"学生", "宿舍", "报修", "申请"}
    for text in ("3栋502", "庠园3栋停水", "博雅楼", "沁园A座302"):
        assert set(segment.query_terms(text)) <= set(segment.index_text(text).split())
    segment.add_word("庠园3栋")  # a building's title: its Chinese stem only
    assert segment.query_terms("庠园3栋") == ["庠园", "3", "栋"]
    assert segment.query_terms('"NEAR( AND OR *') == ["near", "and", "or"]
    assert segment.query_terms("!!!") == []


def test_jieba_is_loaded_once_per_process():
    assert segment.get_tokenizer() is segment.get_tokenizer()
    assert "社区长" in segment.query_terms("找社区长")


def test_results_page_highlights_escaped_matches_with_type_labels(client, indexed_campus):
    response = client.get("/search/", {"query": "报修"})
    html = response.content.decode()
    assert "<mark>报修</mark>" in html
    assert "楼栋" in html or "building" in html.lower()  # verbose_name of BuildingPage


def test_highlighting_escapes_before_marking(client, indexed_campus):
    page = indexed_campus["x5"]
    page.title = "<b>庠园</b>五栋"
    page.save_revision().publish()
    html = client.get("/search/", {"query": "庠园 五栋"}).content.decode()
    assert "<b>" not in html
    assert "&lt;b&gt;<mark>庠园</mark>&lt;/b&gt;" in html


@pytest.mark.parametrize(
    "query", ["庠园3栋502", "3栋502", "3-502", "3号楼502", "庠园3号楼 502室", "３栋５０２"]
)
def test_room_lookups_come_first(client, indexed_campus, query):
    floor5 = indexed_campus["x3"].get_children().get(slug="f5")
    first = urls(client, query)[0]
    assert first == f"{floor5.url}#room-502"


def test_building_lookup_comes_first(client, indexed_campus):
    assert urls(client, "庠园 3栋")[0] == indexed_campus["x3"].url


def test_ambiguous_rooms_list_the_candidates_first(client, indexed_campus):
    # Both 庠园3栋 and 沁园3号公寓 have room 101.
    rows = client.get("/search/", {"query": "3栋101", "format": "json"}).json()["results"]
    assert {rows[0]["url"], rows[1]["url"]} == {
        f"{indexed_campus['x3'].get_children().get(slug='f1').url}#room-101",
        f"{indexed_campus['q3'].get_children().get(slug='f1').url}#room-101",
    }
    html = client.get("/search/", {"query": "3栋101"}).content.decode()
    assert html.count("#room-101") >= 2


def test_json_shape(client, indexed_campus):
    response = client.get("/search/", {"query": "庠园", "format": "json"})
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert set(data) == {"results"}
    assert data["results"]
    assert all(set(row) == {"title", "url", "type"} for row in data["results"])
    assert client.get("/search/", {"query": "", "format": "json"}).json() == {"results": []}


def test_empty_state_offers_the_find_room_box_and_nearby_buildings(client, indexed_campus):
    html = client.get("/search/", {"query": "庠园9栋"}).content.decode()
    assert "庠园3栋" in html  # a building of the community named
    nothing = client.get("/search/", {"query": "不存在的词语组合"}).content.decode()
    assert "grid-find" in nothing  # the find-my-room box


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "。，！？……",
        "\"",
        '"宿舍',
        "宿舍*",
        "NEAR(宿舍 报修)",
        "宿舍 AND OR NOT",
        "宿舍' OR 1=1 --",
        "'; DROP TABLE wagtailcore_page; --",
        "<img src=x onerror=alert(1)>宿舍",
        "宿舍\\",
        "a:b ^c {d} (e",
        "\u200b\ufeff",
    ],
)
def test_hostile_queries_answer_normally(client, campus, query):
    for params in ({"query": query}, {"query": query, "format": "json"}, {"query": query, "page": "999"}):
        response = client.get("/search/", params)
        assert response.status_code == 200
        assert "<img src=x" not in response.content.decode()


@pytest.mark.parametrize("raw", ["%00", "%00%E5%AE%BF", "%ED%A0%80", "%FF%FE%FD", "%E5%AE", "%22%2A%00NEAR%28"])
def test_raw_escapes_answer_normally(client, campus, raw):
    assert client.get(f"/search/?query={raw}").status_code == 200
    assert client.get(f"/search/?format=json&query={raw}").status_code == 200


def test_pagination(client, indexed_campus, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    first = client.get("/search/", {"query": "层"}).content.decode()
    assert 'rel="next"' in first
    second = client.get("/search/", {"query": "层", "page": 2}).content.decode()
    assert 'rel="prev"' in second


def test_publish_edit_and_unpublish_update_the_index(client, indexed_campus):
    page = indexed_campus["x5"]
    page.introduction = "<p>本周开展消防演练。</p>"
    page.save_revision().publish()
    assert page.title in titles(client, "消防")

    page.introduction = "<p>本周开展垃圾分类宣传。</p>"
    page.save_revision().publish()
    assert page.title not in titles(client, "消防")
    assert page.title in titles(client, "垃圾分类")

    page.unpublish()
    assert page.title not in titles(client, "垃圾分类")


def test_rooms_published_on_a_floor_are_indexed(client, indexed_campus):
    floor = indexed_campus["x5"].get_children().get(slug="f2").specific
    head = StaffMemberFactory(name="欧阳娜娜")
    floor.grid_rooms.add(Room(number="288", head=head))
    floor.save_revision().publish()
    rows = client.get("/search/", {"query": "欧阳娜娜", "format": "json"}).json()["results"]
    assert rows[0]["title"] == f"{indexed_campus['x5'].title} › {floor.title}"


def test_moved_pages_are_found_at_their_new_address(client, indexed_campus):
    floor = FloorPage.objects.get(pk=indexed_campus["x5"].get_children().get(slug="f2").pk)
    floor.introduction = "<p>搬迁后的楼层</p>"
    floor.slug = "f9"
    floor.save_revision().publish()
    floor.move(indexed_campus["q3"], pos="last-child")
    floor.refresh_from_db()
    assert any(url.startswith(indexed_campus["q3"].url) for url in urls(client, "搬迁"))


def test_renaming_staff_reindexes_the_pages_showing_them(client, indexed_campus):
    room = Room.objects.filter(floor__in=Page.objects.child_of(indexed_campus["x5"])).first()
    room.head.name = "诸葛青"
    room.head.save()
    assert any(title.endswith(room.floor.title) for title in titles(client, "诸葛青"))

    assignment = indexed_campus["xiangyuan"].grid_assignments.first()
    assignment.staff.name = "司马懿"
    assignment.staff.save()
    assert "庠园社区" in titles(client, "司马懿")


def test_roles_are_found(client, indexed_campus):
    assert "庠园社区" in titles(client, "社区长")
    assert any("层" in title for title in titles(client, "层长"))


def test_english_locale_searches_english_pages(client, english_community):
    assert "Xiangyuan Community" in titles(client, "festival", url="/en/search/")
    assert "Xiangyuan Community" in titles(client, "Xiangyuan", url="/en/search/")
    assert "Xiangyuan Community" not in titles(client, "Xiangyuan")  # the Chinese site
    assert "庠园社区" not in titles(client, "庠园", url="/en/search/")


def test_search_page_query_count_does_not_grow_with_results(client, indexed_campus, django_assert_max_num_queries):
    # Lookup (a few), search, count, parents: bounded whatever the number of hits.
    with django_assert_max_num_queries(20):
        assert client.get("/search/", {"query": "层"}).status_code == 200


def test_every_page_has_the_search_box_and_its_script(client, campus):
    html = client.get(campus["xiangyuan"].url).content.decode()
    assert 'role="search"' in html and 'name="query"' in html
    assert "search/suggest.js" in html and "defer" in html


@pytest.mark.parametrize("query", ["3栋5", "3栋50", "庠园3栋5"])
def test_a_room_number_half_typed_suggests_that_buildings_rooms_first(client, indexed_campus, query):
    """3栋5 is a student on their way to 3栋502: the 5xx rooms of 3栋 come before the floors
    of other buildings that the full-text search finds for "3" or "5"."""
    rows = client.get("/search/", {"query": query, "format": "json"}).json()["results"]
    x3_floor5 = indexed_campus["x3"].get_children().get(slug="f5").url
    expected = {f"{x3_floor5}#room-{n}" for n in ("501", "502", "503")}
    assert {row["url"] for row in rows[:3]} == expected  # 沁园's 3栋 has no fifth floor
    first_other = next((i for i, row in enumerate(rows) if "#room-" not in row["url"]), len(rows))
    assert all("#room-5" in row["url"] for row in rows[:first_other]) and first_other >= 3
