import datetime

import pytest

from grid_pages.models import Room
from grid_pages.plaques.models import PlaqueKind
from tests.grid_pages.conftest import english_campus  # noqa: F401  (庠园3栋's floor 5 in English)

from .factories import PlaqueFactory


def room(campus, building, floor, number):
    """The room ``number`` on floor ``floor`` (slug f<floor>) of campus[building]."""
    return Room.objects.get(floor__path__startswith=campus[building].path, floor__slug=f"f{floor}", number=number)


@pytest.fixture
def plaques(campus):
    """Three active plaques (x3 floors 5 and 2, q3 floor 1) and a withdrawn one on x3 503."""
    return {
        "x3_502": PlaqueFactory(room=room(campus, "x3", 5, "502"), kind=PlaqueKind.MODEL_DORM),
        "x3_201": PlaqueFactory(room=room(campus, "x3", 2, "201")),
        "q3_101": PlaqueFactory(room=room(campus, "q3", 1, "101"), kind=PlaqueKind.PIONEER_POST),
        "old": PlaqueFactory(
            room=room(campus, "x3", 5, "503"),
            since=datetime.date(2022, 9, 1),
            withdrawn_on=datetime.date(2023, 7, 1),
            commitment="旧牌子",
        ),
    }
