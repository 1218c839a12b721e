"""Spreadsheet downloads the grid apps share: cells safe to open, CSV for Chinese Excel, XLSX."""

import io

from django.http import HttpResponse

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
    ``Text`` as text, anything else as formula-safe text."""
    import datetime

    from django.utils import timezone

    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value, DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return value, DATE_FORMAT
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value, None
    if isinstance(value, Text):
        return safe_cell(value), TEXT_FORMAT
    return safe_cell(value), None


def append_typed(sheet, values):
    """Append a row of ``typed_value`` cells to an openpyxl worksheet."""
    typed = [typed_value(value) for value in values]
    sheet.append([value for value, _ in typed])
    for cell, (_, number_format) in zip(sheet[sheet.max_row], typed):
        if number_format:
            cell.number_format = number_format
