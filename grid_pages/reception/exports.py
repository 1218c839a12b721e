"""A session's bookings as CSV (for Chinese Excel) and XLSX, safe to open in a spreadsheet."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from grid_pages import spreadsheets
from grid_pages.spreadsheets import Text, append_typed, safe_cell


def booking_header():
    return [
        _("Confirmation code"),
        _("Time slot"),
        _("Name"),
        _("Student number"),
        _("Room"),
        _("Topic"),
        _("Booked at"),
        _("Status"),
    ]


def booking_values(bookings):
    """Rows as typed values: identifiers as ``Text``, the booking time as a datetime."""
    for b in bookings:
        status = _("Cancelled") if b.cancelled_at else _("Booked")
        slot = str(b.slot) if b.slot_id else ""
        yield [Text(b.display_code), slot, b.name, Text(b.student_number), Text(b.room), b.topic, b.created_at, status]


def booking_rows(bookings):
    """Rows as CSV text."""
    for row in booking_values(bookings):
        row[6] = timezone.localtime(row[6]).strftime("%Y-%m-%d %H:%M")
        yield [safe_cell(v) for v in row]


def export_filename(session, extension):
    return f"reception-{session.date:%Y%m%d}-{session.pk}.{extension}"


def csv_response(session, bookings):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(booking_header())
    writer.writerows(booking_rows(bookings))
    return spreadsheets.csv_response(buffer.getvalue(), export_filename(session, "csv"))


def xlsx_response(session, bookings):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Bookings")[:31]
    sheet.append(booking_header())
    for row in booking_values(bookings):
        append_typed(sheet, row)
    return spreadsheets.xlsx_response(workbook, export_filename(session, "xlsx"))
