"""The hygiene ranking (卫生评比公示) on the public building page: room numbers and scores, no
names, within the building page's query budget, and fresh as soon as it is published or withdrawn."""

import pytest
from django.urls import reverse

from grid_pages.pagecache import generation
from grid_pages.inspections import services
from tests.grid_pages.test_queries import BUILDING_QUERIES, count_queries

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(people, floors, record, campus):
    record(people["floor_head"], floors["f5"], scores={"501": 72, "502": 96, "503": 88}, now=at(2025, 11, 3, 9))
    return services.publish_ranking(
        people["building_head"], campus["x3"], title="十一月卫生评比", start=at(2025, 11, 1).date(), end=at(2025, 11, 30).date()
    )


def test_published_ranking_shows_rooms_and_scores_without_names(client, ranked, campus, floors):
    text = client.get(campus["x3"].url).text
    assert "十一月卫生评比" in text
    section = text.split('class="grid-hygiene"')[1].split("</section>")[0]
    assert section.index("502") < section.index("503") < section.index("501")
    assert "96" in section
    for room in floors["f5"].grid_rooms.select_related("head"):
        assert room.head.name not in section
    # The English page of the building would show it too (same translation key); the other
    # building shows nothing.
    assert "grid-hygiene" not in client.get(campus["x5"].url).text


def test_building_page_stays_within_its_query_budget(client, ranked, campus):
    assert count_queries(client, campus["x3"].url) <= BUILDING_QUERIES
    assert count_queries(client, campus["x5"].url) <= BUILDING_QUERIES


def test_publishing_and_withdrawing_renew_the_page(client, ranked, people, campus):
    before = generation.current()
    services.set_ranking_published(ranked, people["building_head"], False)
    assert generation.current() != before
    assert "十一月卫生评比" not in client.get(campus["x3"].url).text
    with pytest.raises(services.PermissionDenied):
        services.set_ranking_published(ranked, people["floor_head"], True)


def test_rankings_admin_page(client, people, floors, record, campus):
    record(people["floor_head"], floors["f5"], scores={"501": 72})
    url = reverse("grid_inspections_rankings")
    client.force_login(people["floor_head"])
    page = client.get(url)
    assert f'value="{campus["x3"].pk}"' not in page.text  # a floor head publishes nothing
    client.force_login(people["building_head"])
    assert f'value="{campus["x3"].pk}"' in client.get(url).text
    today = at(2025, 1, 1).date().today().isoformat()
    response = client.post(url, {"building": campus["x3"].pk, "title": "本周", "start": "2020-01-01", "end": today})
    assert response.status_code == 302
    assert "本周" in client.get(campus["x3"].url).text
    client.force_login(people["other_building_head"])
    assert client.post(url, {"building": campus["x3"].pk, "title": "x", "start": "2020-01-01", "end": today}).status_code == 404
