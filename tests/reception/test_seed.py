import io

import pytest

from grid_pages.reception.models import Booking, ReceptionPage, ReceptionSession
from home import demo_reception

pytestmark = pytest.mark.django_db


def counts():
    return ReceptionPage.objects.count(), ReceptionSession.objects.count(), Booking.objects.count()


def test_seed_twice_gives_the_same_content(client, campus):
    out = io.StringIO()
    first = demo_reception.seed(campus["home"], out)
    assert first["pages"] == 2 and first["sessions"] == 5 and first["bookings"] == 3
    after_first = counts()
    second = demo_reception.seed(campus["home"], out)
    assert second == {"pages": 0, "sessions": 0, "bookings": 0}
    assert counts() == after_first == (2, 5, 3)
    page = ReceptionPage.objects.get(depth=campus["home"].depth + 1)
    html = client.get(page.url).content.decode()
    assert "陈建国" in html and "往期接待" in html
