"""Pages with plaques cost the same number of queries with 2 plaques or 20."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grid_pages.models import Room
from grid_pages.plaques.models import PlaqueIndexPage
from tests.conftest import build_building

from .factories import PlaqueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def big(campus):
    """沁园8栋: two floors of twelve rooms, plus the showcase page."""
    building = build_building(campus["qinyuan"], number=8, floors=2, rooms_per_floor=12)
    index = PlaqueIndexPage(title="党员宿舍风采", slug="plaques")
    campus["home"].add_child(instance=index)
    index.save_revision().publish()
    rooms = list(Room.objects.filter(floor__path__startswith=building.path).order_by("floor__path", "sort_order"))
    floor1 = building.get_children().get(slug="f1")
    return {**campus, "building": building, "rooms": rooms, "floor1": floor1, "index": index}


def count_queries(client, url):
    client.get(url)  # warm the site-root cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def put_up(rooms):
    for r in rooms:
        PlaqueFactory(room=r, members=[("甲", "full"), ("乙", "activist"), ("丙", "candidate")])


def test_query_counts_do_not_grow_with_plaques(client, big):
    urls = [
        big["floor1"].url,
        big["building"].url,
        big["qinyuan"].url,
        big["index"].url,
        big["home"].url,
        f"/grid/plaques/building/{big['building'].pk}/print/",
    ]
    # One plaque on each floor, then ten on each.
    put_up([big["rooms"][0], big["rooms"][12]])
    small = {url: count_queries(client, url)[0] for url in urls}
    put_up(big["rooms"][1:10] + big["rooms"][13:22])
    large = {}
    for url in urls:
        large[url], html = count_queries(client, url)
    assert large == small
    assert html.count('class="plaque-sheet ') == 20
