"""Building, community and home pages show upcoming activities, each from its own level."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.activities.factories import ActivityPageFactory

pytestmark = pytest.mark.django_db


def groups(response):
    """{level: [titles]} of the activities section on a page."""
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="grid-section activity-section"' in html
    return {
        group["level"]: [a.title for a in group["activities"]]
        for group in response.context["groups"]
    }


def test_building_shows_its_own_and_its_communitys_activities(client, campus, activities):
    response = client.get(campus["x3"].url)
    assert groups(response) == {"building": ["3栋包饺子"], "community": ["庠园读书会"]}
    html = response.content.decode()
    for other in ("5栋篮球赛", "沁园义诊", "3栋电影夜", "沁园迎新晚会"):
        assert other not in html
    # The community's list comes apart, after the building's.
    assert (
        html.index('data-level="building"') < html.index("3栋包饺子")
        < html.index('data-level="community"') < html.index("庠园读书会")
    )


def test_other_building_sees_only_its_community(client, campus, activities):
    assert groups(client.get(campus["q3"].url)) == {"building": ["沁园义诊"], "community": []}


def test_community_shows_upcoming_activities_anywhere_in_it(client, campus, activities):
    response = client.get(campus["xiangyuan"].url)
    assert groups(response) == {"community": ["3栋包饺子", "庠园读书会", "5栋篮球赛"]}
    assert "沁园义诊" not in response.content.decode()


def test_home_shows_the_next_few_campus_wide_with_a_link_to_the_list(client, campus, activities, campus_index):
    response = client.get(campus["home"].url)
    assert groups(response) == {"campus": ["3栋包饺子", "庠园读书会", "5栋篮球赛", "沁园义诊"]}
    assert f'href="{campus_index.url}"' in response.content.decode()


def test_floor_pages_and_pages_without_activities_show_no_section(client, campus):
    floor = campus["x3"].get_children().first()
    assert "activity-section" not in client.get(floor.url).content.decode()
    assert "activity-section" not in client.get(campus["x3"].url).content.decode()


def test_anonymous_pages_with_activities_stay_cacheable(client, campus, activities, campus_index):
    for url in (campus["x3"].url, campus_index.url, activities["x3"].url):
        response = client.get(url)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert not response.cookies, url


def count_queries(client, url, **params):
    client.get(url, params)  # fill per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


def add_activities(campus, n):
    for i in range(n):
        ActivityPageFactory(parent=campus["x3"], days=i + 1, tag_names=["讲座", f"标签{i}"])
        ActivityPageFactory(parent=campus["xiangyuan"], days=i + 2, tag_names=["读书"])
        ActivityPageFactory(parent=campus["q3"], days=i + 3)
        ActivityPageFactory(parent=campus["x5"], days=-i - 1, tag_names=["电影"])


def test_query_counts_do_not_grow_with_activities(client, campus, campus_index):
    urls = [
        (campus["x3"].url, {}),
        (campus["xiangyuan"].url, {}),
        (campus["home"].url, {}),
        (campus_index.url, {}),
        (campus_index.url, {"archive": "1"}),
        (campus_index.url, {"tag": "讲座", "building": campus["x3"].pk}),
    ]
    add_activities(campus, 2)
    small = [count_queries(client, url, **params) for url, params in urls]
    add_activities(campus, 20)
    large = [count_queries(client, url, **params) for url, params in urls]
    assert small == large, (small, large)
