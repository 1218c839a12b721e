"""The activity list: upcoming first, past in the archive, filters by tag and building, pages."""

import datetime

import pytest
from django.utils import timezone

from tests.activities.factories import ActivityIndexPageFactory, ActivityPageFactory

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200
    return [a.title for a in response.context["activities"]]


def test_upcoming_soonest_first_and_past_archived_newest_first(client, activities, campus_index):
    response = client.get(campus_index.url)
    assert titles(response) == ["3栋包饺子", "庠园读书会", "5栋篮球赛", "沁园义诊"]
    assert "3栋电影夜" not in response.content.decode()

    archive = client.get(campus_index.url, {"archive": "1"})
    assert titles(archive) == ["3栋电影夜", "沁园迎新晚会"]
    assert "沁园义诊" not in archive.content.decode()


def test_an_ongoing_activity_is_still_upcoming(client, campus, campus_index):
    now = timezone.now()
    ActivityPageFactory(
        parent=campus["x5"], title="进行中", start=now - datetime.timedelta(hours=1), end=now + datetime.timedelta(hours=1)
    )
    assert titles(client.get(campus_index.url)) == ["进行中"]
    assert titles(client.get(campus_index.url, {"archive": "1"})) == []


def test_cards_say_which_building_or_community_an_activity_belongs_to(client, activities, campus_index):
    html = client.get(campus_index.url).content.decode()
    by_title = {a.title: a for a in client.get(campus_index.url).context["activities"]}
    assert by_title["3栋包饺子"].grid_building.title == "庠园3栋"
    assert by_title["3栋包饺子"].grid_community.title == "庠园社区"
    assert by_title["庠园读书会"].grid_building is None
    assert by_title["庠园读书会"].grid_community.title == "庠园社区"
    assert "庠园3栋" in html


def test_filter_by_tag(client, activities, campus_index):
    response = client.get(campus_index.url, {"tag": "志愿服务"})
    assert titles(response) == ["3栋包饺子", "沁园义诊"]
    assert response.context["selected_tag"].name == "志愿服务"
    assert titles(client.get(campus_index.url, {"tag": "电影", "archive": "1"})) == ["3栋电影夜"]
    # The tag choices are those used below the list's scope.
    assert [t.name for t in response.context["tags"]] == sorted(["读书", "美食", "志愿服务", "电影", "体育"])


def test_an_unknown_tag_is_ignored(client, activities, campus_index):
    assert len(titles(client.get(campus_index.url, {"tag": "不存在"}))) == 4


def test_filter_by_building(client, campus, activities, campus_index):
    x3 = campus["x3"]
    assert titles(client.get(campus_index.url, {"building": x3.pk})) == ["3栋包饺子"]
    assert titles(client.get(campus_index.url, {"building": x3.pk, "archive": "1"})) == ["3栋电影夜"]
    assert titles(client.get(campus_index.url, {"building": x3.pk, "tag": "体育"})) == []
    for bad in ("abc", "-1", "99999999", "9" * 40, ""):
        assert len(titles(client.get(campus_index.url, {"building": bad}))) == 4


def test_a_community_list_shows_only_that_community(client, campus, activities):
    index = ActivityIndexPageFactory(parent=campus["xiangyuan"], title="庠园活动", slug="huodong")
    response = client.get(index.url)
    assert titles(response) == ["3栋包饺子", "庠园读书会", "5栋篮球赛"]
    assert [b.title for b in response.context["buildings"]] == ["庠园3栋", "庠园5栋"]
    # A building of another community is not a filter here.
    assert len(titles(client.get(index.url, {"building": campus["q3"].pk}))) == 3


def test_drafts_are_not_listed(client, campus, campus_index):
    draft = ActivityPageFactory(parent=campus["x3"], title="草稿活动")
    draft.unpublish()
    assert titles(client.get(campus_index.url)) == []


@pytest.fixture
def many(campus, campus_index):
    for i in range(15):
        ActivityPageFactory(parent=campus["x3"], title=f"活动{i:02d}", days=i + 1, tag_names=["讲座"])
    return campus_index


def test_pagination_and_bad_page_numbers(client, many):
    first = client.get(many.url)
    assert titles(first) == [f"活动{i:02d}" for i in range(12)]
    assert titles(client.get(many.url, {"page": "2"})) == ["活动12", "活动13", "活动14"]
    for bad in ("abc", "0", "-3", "999", "1.5", "9" * 30):
        response = client.get(many.url, {"page": bad})
        assert response.status_code == 200
        assert len(titles(response)) in (3, 12)
    # Page links keep the filters.
    html = client.get(many.url, {"tag": "讲座"}).content.decode()
    assert "tag=%E8%AE%B2%E5%BA%A7&amp;page=2" in html


def test_hostile_text_is_escaped(client, campus, campus_index):
    ActivityPageFactory(
        parent=campus["x3"],
        title="<script>alert('t')</script>",
        place="<img src=x onerror=alert(1)>",
        organiser="<b>团委</b>",
        tag_names=["<i>tag</i>"],
    )
    for url in (campus_index.url, campus["x3"].url, campus["home"].url):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;alert" in html, url
    html = client.get(campus_index.url).content.decode()
    assert "<img src=x" not in html and "<b>团委" not in html and "<i>tag" not in html
