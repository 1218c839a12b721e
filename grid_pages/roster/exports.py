"""Roster downloads: CSV (UTF-8 with a BOM for Chinese Excel) and XLSX, every typed cell made safe;
in XLSX dates are date cells, numbers numbers and identifiers (``Text``) text cells.

The roster holds phone numbers: it is downloaded only from the scoped admin listing, with the
rows the user may see, and never cached.
"""

import csv
import datetime
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from grid_pages import spreadsheets
from grid_pages.spreadsheets import Text, append_typed, safe_cell

from .places import student_places

CHUNK = 500


def table_response(header, rows, name, fmt):
    """A download of ``rows`` (typed values, see ``spreadsheets.append_typed``) under ``header``,
    as ``fmt`` ("csv" or "xlsx"); shared by the roster, holiday and night-check ledgers."""
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(spreadsheets.csv_rows(rows))
        response = spreadsheets.csv_response(buffer.getvalue(), filename)
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(name[:31])
        sheet.append(header)
        for row in rows:
            append_typed(sheet, row)
        response = spreadsheets.xlsx_response(workbook, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def cells(values):
    """A row's typed values: numbers, dates, None and ``Text`` identifiers kept, other text made safe."""
    kept = (int, float, datetime.date, Text)
    return [value if value is None or isinstance(value, kept) else safe_cell(value) for value in values]


def student_header():
    return [_("Student number"), _("Name"), _("College"), _("Class"), _("Phone"), _("Community"), _("Building"), _("Room"), _("Bed"), _("Living in")]


def student_rows(queryset):
    queryset = queryset.select_related("room__floor").order_by("number")
    students = list(queryset)
    for start in range(0, len(students), CHUNK):
        for s in student_places(students[start : start + CHUNK]):
            room = s.room
            yield cells([
                Text(s.number), s.name, s.college, s.class_name, Text(s.phone),
                room.community_title if room else "", room.building_title if room else "", Text(room.number) if room else "",
                s.bed, _("yes") if s.active else _("no"),
            ])


def students_response(queryset, fmt):
    return table_response(student_header(), student_rows(queryset), "students", fmt)
