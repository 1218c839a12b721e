"""A session's bookings as CSV (for Chinese Excel) and XLSX, safe to open in a spreadsheet."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from grid_pages import spreadsheets
from grid_pages.spreadsheets import safe_cell


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


def booking_rows(bookings):
    for b in bookings:
        booked_at = timezone.localtime(b.created_at).strftime("%Y-%m-%d %H:%M")
        status = _("Cancelled") if b.cancelled_at else _("Booked")
        yield [
            safe_cell(v)
            for v in (b.code, str(b.slot) if b.slot_id else "", b.name, b.student_number, b.room, b.topic, booked_at, status)
        ]


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
    for row in booking_rows(bookings):
        sheet.append(row)
    return spreadsheets.xlsx_response(workbook, export_filename(session, "xlsx"))
