"""Exports read back with openpyxl and csv as Excel, WPS and LibreOffice read them: one table per
CSV file, XLSX dates as date cells, numbers as numbers, identifiers as text."""

import csv
import datetime
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import RoomFactory
from tests.reception.factories import BookingFactory


def test_booking_xlsx_has_date_cells_and_text_identifiers(admin_client, place_session):
    booked_at = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 30, 15))
    booking = BookingFactory(session=place_session, student_number="0020240001", room="502", created_at=booked_at)
    url = reverse("grid_reception_admin:session_bookings", args=[place_session.pk])
    sheet = load_workbook(io.BytesIO(admin_client.get(url, {"export": "xlsx"}).content)).active
    code, _, _, number, room, _, when, _ = sheet[2]
    assert (number.value, number.data_type, number.number_format) == ("0020240001", "s", "@")
    assert (room.value, room.data_type, room.number_format) == ("502", "s", "@")
    assert (code.value, code.number_format) == (booking.display_code, "@")
    assert when.is_date and when.value == datetime.datetime(2026, 3, 2, 9, 30, 15)  # Beijing time, no zone
    assert when.number_format == "yyyy-mm-dd hh:mm"


def test_coverage_csv_files_are_single_tables_and_xlsx_numbers_are_numbers(admin_client, campus):
    url = "/admin/grid-coverage/"
    for params in ({}, *({"level": key} for key in ("community", "building", "floor", "room"))):
        rows = list(csv.reader(io.StringIO(admin_client.get(url, {"export": "csv", **params}).content.decode("utf-8-sig"))))
        assert rows and all(rows) and len({len(row) for row in rows}) == 1  # no blank or title rows
    summary = load_workbook(io.BytesIO(admin_client.get(url, {"export": "xlsx"}).content)).worksheets[0]
    room_row = next(row for row in summary.iter_rows(min_row=2) if row[0].value == "寝室")
    assert [cell.data_type for cell in room_row[2:6]] == ["n"] * 4


def test_coverage_xlsx_keeps_a_room_number_as_text(admin_client, campus):
    floor = campus["x3"].get_children().get(slug="f5").specific
    RoomFactory(floor=floor, number="0509", head=None, sort_order=9)  # nobody responsible; a leading zero
    workbook = load_workbook(io.BytesIO(admin_client.get("/admin/grid-coverage/", {"export": "xlsx"}).content))
    rooms = workbook.worksheets[4]
    row = next(r for r in rooms.iter_rows(min_row=2) if r[3].value == "0509")
    assert (row[3].data_type, row[3].number_format) == ("s", "@")
