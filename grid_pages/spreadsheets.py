"""Spreadsheet downloads the grid apps share: cells safe to open, CSV for Chinese Excel, XLSX."""

import datetime
import decimal
import io

from django.http import HttpResponse
from django.utils import timezone

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet will not run as a formula: titles and names are typed by people."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_response(text, filename):
    # The BOM makes Excel on Chinese Windows read UTF-8 instead of GBK.
    response = HttpResponse(text.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content, filename):
    """``content``: a Workbook or its saved bytes."""
    if not isinstance(content, bytes):
        content = workbook_bytes(content)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


class Text(str):
    """An identifier written as text (phone, student number, room number, code): Excel, WPS and
    LibreOffice keep its leading zeros and long digits, and a later edit stays text."""


def typed_value(value):
    """(value, number format) as an XLSX cell holds it: dates and datetimes as real date cells
    (aware ones in the current time zone: spreadsheets know no zones), numbers as numbers,
    ``Text`` as text, None as an empty cell, anything else as formula-safe text."""
    if value is None:
        return None, None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value, DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return value, DATE_FORMAT
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        return value, None
    if isinstance(value, Text):
        return safe_cell(value), TEXT_FORMAT
    return safe_cell(value), None


def append_typed(sheet, values):
    """Append a row of ``typed_value`` cells to an openpyxl worksheet (write-only ones too)."""
    typed = [typed_value(value) for value in values]
    if sheet.parent.write_only:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for value, number_format in typed:
            cell = WriteOnlyCell(sheet, value)
            if number_format:
                cell.number_format = number_format
            if cell.data_type == "f":  # safe_cell quoted it already; never a formula
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
        return
    sheet.append([value for value, _ in typed])
    for cell, (_, number_format) in zip(sheet[sheet.max_row], typed):
        if number_format:
            cell.number_format = number_format


def text_value(value):
    """A cell as text, for CSV files and HTML listings: datetimes local ``2026-12-01 07:30``,
    dates ``2026-12-01``, None empty; text is not made formula-safe here (``safe_cell`` is)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return value


def csv_rows(rows):
    """``rows`` of typed values (as for ``append_typed``) as CSV rows: ``text_value`` each, and
    text made formula-safe (a CSV opened in Excel runs ``=...`` as well)."""
    for row in rows:
        yield [
            value if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool)
            else safe_cell(text_value(value))
            for value in row
        ]
