"""Imports at scale: queries grow with pages (buildings, floors), not rooms; what bulk writes
skip (model signals, per-save indexing) is made up for once per page or per import."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grid_pages.models import BuildingPage, FloorPage, Room
from grid_pages.plaques.models import Plaque
from grid_pages.signals import content_changed

from .conftest import GRID_HEADER_ZH, STAFF_HEADER_ZH

pytestmark = pytest.mark.django_db

FLOORS = (1, 2)


def grid_rows(building, rooms_per_floor):
    rows = [GRID_HEADER_ZH]
    for floor in FLOORS:
        for r in range(1, rooms_per_floor + 1):
            rows.append(["沁园社区", building, f"{floor}层", f"{floor}{r:02d}", "4", "法学院", "党员宿舍" if r == 1 else ""])
    return rows


def staff_rows(building, rooms_per_floor):
    rows = [STAFF_HEADER_ZH]
    for floor in FLOORS:
        rows.append([f"{building}层长{floor}", "层长", "沁园社区", building, str(floor), "", f"137{floor:04d}", ""])
        for r in range(1, rooms_per_floor + 1):
            room = f"{floor}{r:02d}"
            rows.append([f"{building}寝室长{room}", "寝室长", "沁园社区", building, str(floor), room, f"138{room}", ""])
    return rows


def floors_of(building):
    return FloorPage.objects.child_of(BuildingPage.objects.get(title=building))


def queries(command, path):
    with CaptureQueriesContext(connection) as captured:
        call_command(command, path, stdout=io.StringIO())
    return len(captured)


def test_grid_import_queries_grow_with_floors_not_rooms(campus, write_file):
    # Two new buildings of two floors each: one with 3 rooms a floor, one with 9.
    small = queries("import_grid", write_file(grid_rows("8栋", 3), "small.csv"))
    large = queries("import_grid", write_file(grid_rows("9栋", 9), "large.csv"))
    assert small == large
    assert Room.objects.filter(floor__in=floors_of("9栋")).count() == 18
    assert Plaque.objects.filter(room__floor__in=floors_of("9栋")).count() == 2


def test_staff_import_queries_grow_with_floors_not_people(campus, write_file):
    call_command("import_grid", write_file(grid_rows("8栋", 3), "small.csv"), stdout=io.StringIO())
    call_command("import_grid", write_file(grid_rows("9栋", 9), "large.csv"), stdout=io.StringIO())
    small = queries("import_staff", write_file(staff_rows("8栋", 3), "small-staff.csv"))
    large = queries("import_staff", write_file(staff_rows("9栋", 9), "large-staff.csv"))
    assert small == large
    nine = floors_of("9栋").get(number=2)
    assert [r.head.name for r in nine.grid_rooms.select_related("head").order_by("sort_order")] == [
        f"9栋寝室长2{r:02d}" for r in range(1, 10)
    ]


def test_imported_rooms_and_heads_are_found_by_the_site_search(client, campus, write_file):
    call_command("import_grid", write_file(grid_rows("9栋", 3)), stdout=io.StringIO())
    call_command("import_staff", write_file(staff_rows("9栋", 3), "staff.csv"), stdout=io.StringIO())
    floor = Room.objects.select_related("floor").get(head__name="9栋寝室长203").floor
    response = client.get("/search/", {"query": "9栋寝室长203", "format": "json"})
    assert floor.url in [row["url"].split("#")[0] for row in response.json()["results"]]


def test_caches_are_told_once_the_import_is_committed(campus, write_file, django_capture_on_commit_callbacks):
    senders = []

    def receiver(sender, **kwargs):
        senders.append(sender)

    content_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            call_command("import_grid", write_file(grid_rows("9栋", 2)), stdout=io.StringIO())
        assert senders == []  # not before the commit: a cache refilled meanwhile would keep old rows
        for callback in callbacks:
            callback()
        assert Room in senders and Plaque in senders
    finally:
        content_changed.disconnect(receiver)
