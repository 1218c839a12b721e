"""The coverage report in the admin, and its export."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import exports
from .report import coverage_report, extra_sections

EXPORTS = {"csv": exports.csv_response, "xlsx": exports.xlsx_response}
# Rooms are the long list; the page shows this many and the export has them all.
ROOM_DISPLAY_LIMIT = 200


def coverage(request):
    """Figures and uncovered items per level; ``?export=xlsx`` downloads them all, ``?export=csv``
    the summary and ``?export=csv&level=room`` (or community, building, floor) one level's list.

    Admin access is enforced by ``register_admin_urls``; the figures are no secret to staff.
    """
    report = coverage_report()
    sections = extra_sections(report.locale)
    export = EXPORTS.get(request.GET.get("export", ""))
    if export:
        return export(report, request.GET.get("level"), sections)
    for level in report:
        level.shown = level.uncovered[:ROOM_DISPLAY_LIMIT] if level.key == "room" else level.uncovered
        level.hidden_count = len(level.uncovered) - len(level.shown)
    return TemplateResponse(
        request,
        "grid_coverage/admin/report.html",
        {"report": report, "sections": sections, "scope_note": exports.scope_note(report), "header_title": _("Grid coverage")},
    )
