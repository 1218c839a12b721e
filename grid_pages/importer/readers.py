"""Spreadsheet files to rows: CSV (UTF-8, UTF-8 with BOM, GB18030) or XLSX, headers in Chinese or English.

Every row comes back as a dict keyed by our column names, with the line number it
had in the file (the header is line 1) so that errors can point at it.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_ROWS = 50_000
# Column name -> the headers that mean it (compared after NFKC and lower-casing).
GRID_COLUMNS = {
    "community": ("社区", "community"),
    "building": ("楼栋", "building"),
    "floor": ("楼层", "floor"),
    "room": ("寝室", "room"),
    "beds": ("床位", "beds"),
    "college": ("包干学院", "college"),
    "plaque": ("党员宿舍", "plaque"),
}
GRID_REQUIRED = ("community", "building", "floor", "room")
STAFF_COLUMNS = {
    "name": ("姓名", "name"),
    "role": ("角色", "role"),
    "community": ("社区", "community"),
    "building": ("楼栋", "building"),
    "floor": ("楼层", "floor"),
    "room": ("寝室", "room"),
    "phone": ("电话", "phone"),
    "email": ("邮箱", "email"),
}
STAFF_REQUIRED = ("name", "role", "community")
COLUMNS = {"grid": (GRID_COLUMNS, GRID_REQUIRED), "staff": (STAFF_COLUMNS, STAFF_REQUIRED)}


def column_label(column, columns=None):
    """How a column is named in messages: both of its headers, e.g. 寝室/room."""
    aliases = (columns or {}).get(column) or GRID_COLUMNS.get(column) or STAFF_COLUMNS[column]
    return "/".join(aliases)


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong type, encoding or header."""


@dataclass
class Row:
    line: int
    values: dict

    def get(self, column):
        return self.values.get(column, "")


def clean_text(value):
    """A cell as stripped half-width text; Excel's 3.0 for a typed 3 becomes "3"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def decode_csv(data):
    """UTF-8 (BOM or not) first, then GB18030 as saved by Excel on Chinese Windows."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is neither UTF-8 nor GB18030 text. Save it as CSV (UTF-8) or XLSX and try again."))


def _csv_records(data):
    reader = csv.reader(io.StringIO(decode_csv(data), newline=""))
    for record in reader:
        # line_num counts physical lines, so a quoted cell spanning lines keeps later numbers right.
        yield reader.line_num, record


def _xlsx_records(data):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged or non-XLSX file
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        for line, record in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(record)
    finally:
        workbook.close()


def read_rows(data, filename, kind, columns=None):
    """The rows of an uploaded file of ``kind`` ("grid" or "staff"), blank rows skipped; another
    kind passes its ``columns`` as (aliases, required).

    Raises ImportFileError when the file cannot be read or lacks a required column.
    """
    aliases, required = columns or COLUMNS[kind]
    by_header = {unicodedata.normalize("NFKC", h).lower(): column for column, hs in aliases.items() for h in hs}
    name = filename.lower()
    if name.endswith(".csv"):
        records = _csv_records(data)
    elif name.endswith(".xlsx"):
        records = _xlsx_records(data)
    else:
        raise ImportFileError(_("Only .csv and .xlsx files can be imported."))
    header = None
    rows = []
    for line, record in records:
        cells = [clean_text(c) for c in record]
        if not any(cells):
            continue
        if header is None:
            header = [by_header.get(c.lower()) for c in cells]
            missing = [c for c in required if c not in header]
            if missing:
                labels = ", ".join(column_label(c, aliases) for c in missing)
                raise ImportFileError(_("Line %(line)d: missing column(s) %(columns)s.") % {"line": line, "columns": labels})
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)d rows; split it.") % {"max": MAX_ROWS})
        values = {column: cell for column, cell in zip(header, cells) if column}
        rows.append(Row(line, values))
    if header is None:
        raise ImportFileError(_("The file is empty."))
    return rows
