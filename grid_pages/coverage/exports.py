"""The coverage report as XLSX (a summary sheet, then one sheet per level) and CSV (one table
per file, UTF-8 with a BOM for Excel: the summary, or one level's uncovered items with
``level=``), safe to open in a spreadsheet."""

import csv
import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from grid_pages import spreadsheets
from grid_pages.spreadsheets import Text, append_typed, safe_cell

# The chain columns, community first; a level's sheet uses as many as its depth.
LEVEL_DEPTH = {"community": 1, "building": 2, "floor": 3, "room": 4}


def scope_note(report):
    return _("Live pages in %(language)s only; translations are not counted.") % {
        "language": report.locale.get_display_name()
    }


def summary_header():
    return [_("Level"), _("Responsible"), _("Total"), _("Covered"), _("Not covered"), _("Coverage (%)")]


def summary_row(level):
    # An empty level has no percentage: "no rooms yet" is not "100% covered".
    percentage = level.percentage if level.percentage is not None else str(level.empty_message)
    return [str(level.label), str(level.responsible), level.total, level.covered, level.missing, percentage]


def chain_header(level):
    return [_("Community"), _("Building"), _("Floor"), _("Room")][: LEVEL_DEPTH[level.key]]


def chain_rows(level):
    # A room's number is an identifier (0502 keeps its zero in XLSX); titles are text.
    for item in level.uncovered:
        cells = [safe_cell(title) for title in item.chain]
        if level.key == "room" and cells:
            cells[-1] = Text(cells[-1])
        yield cells


def export_filename(extension, key=None):
    part = f"-{key}" if key else ""
    return f"grid-coverage{part}-{timezone.localdate():%Y%m%d}.{extension}"


def extra_table(sections, key):
    """Table ``t`` of further section ``s`` (``extra-<s>-<t>``, e.g. the roster's beds per building)."""
    match = re.fullmatch(r"extra-(\d+)-(\d+)", key or "")
    if not match:
        return None
    s, t = (int(n) for n in match.groups())
    if s < len(sections) and t < len(sections[s]["tables"]):
        return sections[s]["tables"][t]
    return None


def table_rows(table):
    return ([safe_cell(c) if isinstance(c, str) else c for c in row] for row in table["rows"])


def csv_response(report, level_key=None, sections=()):
    """One table, as spreadsheets and scripts expect of a CSV file: the summary per level, or
    with ``level_key`` (community, building, floor, room) that level's uncovered items, or
    (``extra-<s>-<t>``) a table of a further section."""
    level = next((level for level in report if level.key == level_key), None)
    table = extra_table(sections, level_key)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if table is not None:
        writer.writerow([str(h) for h in table["header"]])
        writer.writerows(table_rows(table))
    elif level is None:
        writer.writerow(summary_header())
        writer.writerows(summary_row(level) for level in report)
    else:
        writer.writerow(chain_header(level))
        writer.writerows(chain_rows(level))
    key = level_key if (table is not None or level is not None) else None
    return spreadsheets.csv_response(buffer.getvalue(), export_filename("csv", key))


def xlsx_response(report, level_key=None, sections=()):
    """Every table in one workbook: the summary sheet, a sheet per level, then the further sections'."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    summary.append(summary_header())
    for level in report:
        append_typed(summary, summary_row(level))
    summary.append([])
    summary.append([scope_note(report)])
    for level in report:
        sheet = workbook.create_sheet(str(level.label)[:31])
        sheet.append(chain_header(level))
        for row in chain_rows(level):
            append_typed(sheet, row)
    for section in sections:
        for table in section["tables"]:
            sheet = workbook.create_sheet(f"{section['title']} {table['title']}"[:31])
            sheet.append([str(h) for h in table["header"]])
            for row in table_rows(table):
                append_typed(sheet, row)
    return spreadsheets.xlsx_response(workbook, export_filename("xlsx"))
