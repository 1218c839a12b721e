import io

import pytest

from grid_pages.activities.models import ActivityIndexPage, ActivityPage
from home import demo_activities

pytestmark = pytest.mark.django_db


def counts():
    return ActivityIndexPage.objects.count(), ActivityPage.objects.count(), ActivityPage.tags.through.objects.count()


def test_seed_twice_gives_the_same_pages(client, campus):
    first = demo_activities.seed(campus["home"], io.StringIO())
    after_first = counts()
    assert first == after_first[1] == 2 * 3 + 3 * 3  # two communities, three buildings
    assert demo_activities.seed(campus["home"], io.StringIO()) == 0
    assert counts() == after_first

    index = ActivityIndexPage.objects.get()
    response = client.get(index.url)
    assert response.status_code == 200
    assert len(response.context["activities"]) == 10  # the upcoming ones
    assert len(client.get(index.url, {"archive": "1"}).context["activities"]) == 5
    assert "庠园3栋包饺子" in client.get(campus["x3"].url).content.decode()
