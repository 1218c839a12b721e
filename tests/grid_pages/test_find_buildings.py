"""The find-my-room building list: loaded on demand as JSON, not shipped in every grid page."""

import pytest
from django.urls import reverse

from tests.factories import BuildingPageFactory

URL = "/grid/find/buildings/"
pytestmark = pytest.mark.django_db


def test_live_buildings_grouped_by_community_in_tree_order(client, campus, django_assert_num_queries):
    BuildingPageFactory(parent=campus["qinyuan"], title="沁园9栋", short_number="9", slug="b9", live=False)
    assert reverse("grid_pages:find_buildings") == URL
    with django_assert_num_queries(2):  # the locale, the buildings
        response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "communities": [
            {"title": "庠园社区", "buildings": [{"id": campus["x3"].pk, "title": "庠园3栋"},
                                                {"id": campus["x5"].pk, "title": "庠园5栋"}]},
            {"title": "沁园社区", "buildings": [{"id": campus["q3"].pk, "title": "沁园3栋"}]},
        ]
    }


def test_cacheable_by_anyone(client, campus):
    response = client.get(URL)
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_grid_pages_point_to_it_instead_of_listing_every_building(client, campus):
    html = client.get(campus["x3"].url).content.decode()
    assert f'data-grid-buildings="{URL}"' in html
    assert "grid_pages/find_room.js" in html
    assert f'<option value="{campus["q3"].pk}">' not in html  # another community's building
    # The typed form and the room alone still work without JavaScript.
    assert 'name="q"' in html and 'name="room"' in html


def test_the_find_page_lists_the_buildings_itself(client, campus):
    html = client.get("/grid/find/", {"q": "9栋"}).content.decode()
    assert f'<option value="{campus["q3"].pk}">沁园3栋</option>' in html
    assert "data-grid-buildings" not in html

