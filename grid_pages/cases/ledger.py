"""The case ledger (台账): the queue's filtered cases as CSV (for Chinese Excel) and XLSX.

One row per case with what a ledger keeps: dates, place, matter, level, handler, status,
whether each deadline was met, escalations and the student's rating. No contact details, not
even a named student's: a ledger is printed, mailed to leadership and archived, where a phone
number or e-mail has no use (handlers call back from the case page, which shows the contact to
those in scope) and would only spread personal data. An anonymous sender's is never stored
alongside anyway. Every typed text goes through ``safe_cell`` so no cell runs as a formula.

Rows are read in chunks (``iterator``): the number of queries grows with the chunks, not the
rows, and CSV is streamed as it is written.
"""

import csv
import tempfile
from datetime import datetime

from django.db.models import Prefetch
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grid_pages.spreadsheets import XLSX_TYPE, Text, append_typed, safe_cell

from .models import CaseEvent, CaseStatus

CHUNK_SIZE = 500
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


def ledger_queryset(queryset, history=False):
    """``queryset`` (already scoped and filtered) with what the rows read joined or prefetched."""
    queryset = queryset.select_related("category", "assignee", "community", "building", "floor", "room")
    if history:
        public = CaseEvent.objects.filter(public=True).order_by("created_at", "pk")
        queryset = queryset.prefetch_related(Prefetch("events", queryset=public, to_attr="public_events"))
    return queryset


def header(history=False):
    columns = [
        _("Tracking code"),
        _("Type"),
        _("Matter"),
        _("Description"),
        _("Community"),
        _("Building"),
        _("Floor"),
        _("Room"),
        _("Place"),
        _("Status"),
        _("Handling level"),
        _("Department"),
        _("Handler"),
        _("Received"),
        _("First response"),
        _("Response due"),
        _("Response deadline"),
        _("Resolved"),
        _("Feedback due"),
        _("Resolution deadline"),
        _("Closed"),
        _("Escalations"),
        _("Rating"),
        _("Rating comment"),
        _("Follow-up unanswered"),
    ]
    if history:
        columns.append(_("Public history"))
    return columns


def response_deadline_met(case, now):
    """True/False once answered or past the deadline unanswered, None while pending or without one
    (as ``Case.response_deadline_met``, at ``now``)."""
    if case.response_due_at is None:
        return None
    if case.first_response_at is not None:
        return case.first_response_at <= case.response_due_at
    if case.status in (CaseStatus.NEW, CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS) and case.response_due_at < now:
        return False
    return None


def resolution_deadline_met(case, now):
    """As ``Case.resolution_deadline_met``, at ``now``."""
    if case.due_at is None:
        return None
    if case.resolved_at is not None:
        return case.resolved_at <= case.due_at
    if case.is_open and case.due_at < now:
        return False
    return None


def _met_label(value):
    if value is None:
        return ""
    return _("Met") if value else _("Missed")


def _history(case):
    lines = []
    for event in getattr(case, "public_events", ()):
        when = timezone.localtime(event.created_at).strftime(DATETIME_FORMAT)
        text = " ".join(event.text.split())
        lines.append(f"{when} {event.get_action_display()}" + (f": {text}" if text else ""))
    return "\n".join(lines)


def row(case, now, history=False):
    """The ledger cells of one case: text made safe, identifiers (code, room) as ``Text``, datetimes
    local and naive (or None), escalations a number."""

    def when(value):
        return timezone.localtime(value).replace(tzinfo=None) if value else None

    def title(page):
        return page.title if page is not None else ""

    cells = [
        Text(case.display_code),
        case.get_kind_display(),
        safe_cell(case.category.name),
        safe_cell(case.description),
        safe_cell(title(case.community)),
        safe_cell(title(case.building)),
        safe_cell(title(case.floor)),
        Text(safe_cell(case.room.number)) if case.room is not None else "",
        safe_cell(case.place_label),
        case.get_status_display(),
        case.get_handling_level_display(),
        safe_cell(case.department),
        safe_cell(case.assignee.name if case.assignee is not None else ""),
        when(case.submitted_at),
        when(case.first_response_at),
        when(case.response_due_at),
        _met_label(response_deadline_met(case, now)),
        when(case.resolved_at),
        when(case.due_at),
        _met_label(resolution_deadline_met(case, now)),
        when(case.closed_at),
        case.escalations,
        case.get_rating_display() if case.rating else "",
        safe_cell(case.rating_comment),
        _("Yes") if case.followup_expired else "",
    ]
    if history:
        cells.append(safe_cell(_history(case)))
    return cells


def _rows(queryset, now, history):
    for case in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield row(case, now, history)


def filename(extension, now):
    return f"case-ledger-{timezone.localtime(now):%Y%m%d-%H%M}.{extension}"


class _Echo:
    def write(self, value):
        return value


def _csv_lines(queryset, now, history, language):
    # The response is streamed after the view returns, when the request's language is no longer
    # active: the labels are translated in the language it was asked in.
    with translation.override(language):
        yield from _csv_lines_in_language(queryset, now, history)


def _csv_lines_in_language(queryset, now, history):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # the BOM: Excel on Chinese Windows reads UTF-8 instead of GBK
    yield writer.writerow(header(history))
    for cells in _rows(queryset, now, history):
        yield writer.writerow(
            [value.strftime(DATETIME_FORMAT) if isinstance(value, datetime) else value for value in cells]
        )


def csv_response(queryset, now, history=False):
    language = translation.get_language()
    lines = (line.encode("utf-8") for line in _csv_lines(ledger_queryset(queryset, history), now, history, language))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename("csv", now)}"'
    return response


def xlsx_response(queryset, now, history=False):
    """A write-only workbook (rows are not kept in memory), spooled to disk when large: times as
    date cells, the code and room as text cells, escalations as numbers (``append_typed``)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Case ledger")[:31])
    sheet.append(header(history))
    for cells in _rows(ledger_queryset(queryset, history), now, history):
        append_typed(sheet, cells)
    output = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    workbook.save(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, content_type=XLSX_TYPE, filename=filename("xlsx", now))
