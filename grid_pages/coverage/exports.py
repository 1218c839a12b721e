"""The coverage report as XLSX (a summary sheet, then one sheet per level) and CSV (one table
per file, UTF-8 with a BOM for Excel: the summary, or one level's uncovered items with
``level=``), safe to open in a spreadsheet."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from grid_pages import spreadsheets
from grid_pages.spreadsheets import safe_cell

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
    for item in level.uncovered:
        yield [safe_cell(title) for title in item.chain]


def export_filename(extension, level=None):
    part = f"-{level.key}" if level is not None else ""
    return f"grid-coverage{part}-{timezone.localdate():%Y%m%d}.{extension}"


def csv_response(report, level_key=None):
    """One table, as spreadsheets and scripts expect of a CSV file: the summary per level, or
    with ``level_key`` (community, building, floor, room) that level's uncovered items."""
    level = next((level for level in report if level.key == level_key), None)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if level is None:
        writer.writerow(summary_header())
        writer.writerows(summary_row(level) for level in report)
    else:
        writer.writerow(chain_header(level))
        writer.writerows(chain_rows(level))
    return spreadsheets.csv_response(buffer.getvalue(), export_filename("csv", level))


def xlsx_response(report, level_key=None):
    """Every table in one workbook: the summary sheet, then a sheet per level."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    summary.append(summary_header())
    for level in report:
        summary.append(summary_row(level))
    summary.append([])
    summary.append([scope_note(report)])
    for level in report:
        sheet = workbook.create_sheet(str(level.label)[:31])
        sheet.append(chain_header(level))
        for row in chain_rows(level):
            sheet.append(row)
    return spreadsheets.xlsx_response(workbook, export_filename("xlsx"))
