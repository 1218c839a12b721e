"""Shared set-up for the inspection tests: the hazard list, logins on the campus fixture, and a
round recorder."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from django.core.files.uploadedfile import SimpleUploadedFile

from grid_pages.inspections import services
from grid_pages.inspections.models import HazardType
from grid_pages.models import Room
from tests.cases.conftest import grid_users, make_user  # noqa: F401 (fixtures)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def hazards(db):
    """{name: HazardType}: the migration's list (made again when a transactional test flushed it)."""
    rows = [("违章电器", "safety", 1), ("私拉电线", "safety", 1), ("卫生不合格", "hygiene", 2)]
    for order, (name, kind, days) in enumerate(rows):
        HazardType.objects.get_or_create(name=name, defaults={"kind": kind, "rectify_days": days, "sort_order": order})
    return {h.name: h for h in HazardType.objects.all()}


@pytest.fixture
def floors(campus):
    x3 = campus["x3"]
    return {f.slug: f for f in x3.get_children().specific()}


@pytest.fixture
def people(grid_users, floors):
    """grid_users plus the floor head of x3's first floor (another floor than x3f5_head's)."""
    from grid_pages.roles import GridRole

    return {**grid_users, "floor1_head": make_user("x3f1_head", page=floors["f1"], role=GridRole.FLOOR_HEAD)}


def rooms_of(floor):
    return list(Room.objects.filter(floor=floor).order_by("sort_order"))


@pytest.fixture
def record(hazards):
    """record(user, floor, findings={room number: [hazard name, ...]}, scores=..., now=..., token=...) -> round."""

    def _record(user, floor, findings=None, scores=None, now=None, token=None):
        place = services.place_for(user, floor=floor)
        entries = []
        for room in place.rooms:
            items = [services.FindingInput(hazards[name].pk, f"{name}在{room.number}") for name in (findings or {}).get(room.number, [])]
            entries.append(services.RoomInput(room.pk, (scores or {}).get(room.number), items))
        inspection, _created = services.record_round(
            user, token=token or f"t-{floor.pk}-{now}-{user.pk}", place=place, rooms=entries, now=now
        )
        return inspection

    return _record


def jpeg(name="photo.jpg", size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
