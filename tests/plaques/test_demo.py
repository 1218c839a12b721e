import io

import pytest

from grid_pages.plaques.models import Plaque, PlaqueIndexPage, PlaqueMember
from home import demo_plaques

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent(client, campus):
    out = io.StringIO()
    demo_plaques.seed(campus["home"], out)
    counts = (Plaque.objects.count(), PlaqueMember.objects.count(), PlaqueIndexPage.objects.count())
    assert counts[0] == 6 and counts[1] >= 12 and counts[2] == 1  # two rooms in each of three buildings
    demo_plaques.seed(campus["home"], out)
    assert (Plaque.objects.count(), PlaqueMember.objects.count(), PlaqueIndexPage.objects.count()) == counts
    index = PlaqueIndexPage.objects.get()
    html = client.get(index.url).content.decode()
    assert "全校共 6 个党员宿舍" in html
