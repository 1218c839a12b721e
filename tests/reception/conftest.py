import datetime

import pytest

from tests.reception.factories import ReceptionPageFactory, ReceptionSessionFactory


@pytest.fixture
def reception_page(campus):
    return ReceptionPageFactory(parent=campus["home"], title="院级领导接待日", slug="reception")


@pytest.fixture
def place_session(reception_page):
    """A session with 3 places next week."""
    return ReceptionSessionFactory(page=reception_page, capacity=3)


@pytest.fixture
def slot_session(reception_page):
    """14:00-15:00 next week in 15-minute slots: 4 slots."""
    return ReceptionSessionFactory(
        page=reception_page, capacity=None, slot_minutes=15, start_time=datetime.time(14, 0), end_time=datetime.time(15, 0)
    )
