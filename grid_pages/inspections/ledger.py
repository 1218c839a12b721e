"""The inspection ledgers (台账): rounds, and findings with their rectification, as CSV (for
Chinese Excel) and XLSX. Typed text goes through ``safe_cell`` so no cell runs as a formula; no
student is named (inspections are about rooms)."""

import csv
import io
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from grid_pages import spreadsheets
from grid_pages.spreadsheets import Text, append_typed, safe_cell

DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def _when(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _title(page):
    return safe_cell(page.title) if page is not None else ""


def round_header():
    return [_("Inspected at"), _("Kind"), _("Community"), _("Building"), _("Floor"), _("Inspector"),
            _("Rooms checked"), _("Findings"), _("Note")]


def round_row(item, now):
    return [_when(item.inspected_at), item.get_kind_display(), _title(item.community), _title(item.building),
            _title(item.floor), safe_cell(item.inspector_name), item.rooms_checked, item.findings_count,
            safe_cell(item.note)]


def finding_header():
    return [_("Found at"), _("Community"), _("Building"), _("Floor"), _("Room"), _("Hazard type"), _("Note"),
            _("Status"), _("Level"), _("Rectify by"), _("Overdue"), _("Rectified at"), _("Rectification"),
            _("Re-checked at"), _("Re-checked by"), _("Re-check note"), _("Escalations")]


def finding_row(item, now):
    return [_when(item.found_at), _title(item.community), _title(item.building), _title(item.floor),
            Text(safe_cell(item.room_number)), safe_cell(item.hazard_type.name), safe_cell(item.note),
            item.get_status_display(), item.get_level_display(), _when(item.due_at),
            _("Yes") if item.is_overdue(now) else "", _when(item.rectified_at), safe_cell(item.rectification_note),
            _when(item.rechecked_at), safe_cell(item.rechecked_by), safe_cell(item.recheck_note), item.escalations]


LEDGERS = {
    "rounds": (round_header, round_row, ("community", "building", "floor")),
    "findings": (finding_header, finding_row, ("community", "building", "floor", "hazard_type")),
}


def _rows(kind, queryset, now):
    header, row, related = LEDGERS[kind]
    yield header()
    for item in queryset.select_related(*related).iterator(chunk_size=500):
        yield row(item, now)


def filename(kind, extension, now):
    return f"inspection-{kind}-{timezone.localtime(now):%Y%m%d-%H%M}.{extension}"


def csv_response(kind, queryset, now):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for cells in _rows(kind, queryset, now):
        writer.writerow([v.strftime(DATETIME_FORMAT) if isinstance(v, datetime) else v for v in cells])
    return spreadsheets.csv_response(buffer.getvalue(), filename(kind, "csv", now))


def xlsx_response(kind, queryset, now):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(_("Inspection rounds") if kind == "rounds" else _("Findings"))[:31])
    for cells in _rows(kind, queryset, now):
        append_typed(sheet, cells)  # times as date cells, counts as numbers, the room as text
    return spreadsheets.xlsx_response(spreadsheets.workbook_bytes(workbook), filename(kind, "xlsx", now))
