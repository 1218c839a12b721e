"""Admin views: upload, preview, confirm, and the roster download. Each parses, authorises and delegates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grid_pages.spreadsheets import xlsx_response

from . import services
from .export import roster_workbook
from .forms import UploadForm
from .kinds import import_kinds
from .models import ImportBatch, ImportStatus
from .readers import ImportFileError

PREVIEW_LIMIT = 200  # changes listed per group; errors are always listed in full


def _authorise(request):
    if not services.can_import(request.user):
        raise PermissionDenied


def upload(request):
    _authorise(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = ImportBatch.objects.create(
            filename=upload.name[:255], data=upload.read(), kind=form.cleaned_data["kind"], created_by=request.user
        )
        return redirect("grid_importer:preview", batch.pk)
    recent = ImportBatch.objects.select_related("created_by").defer("data")[:10]
    return TemplateResponse(
        request,
        "grid_importer/upload.html",
        {"form": form, "recent": recent, "kinds": import_kinds().values(), "header_title": _("Import and export")},
    )


def _plan_or_error(batch):
    try:
        return services.plan_file(bytes(batch.data), batch.filename, batch.kind), None
    except ImportFileError as error:
        return None, str(error)


def preview(request, pk):
    """What confirming would do; nothing is written."""
    _authorise(request)
    batch = get_object_or_404(ImportBatch, pk=pk)
    plan, file_error = _plan_or_error(batch)
    context = {"batch": batch, "file_error": file_error, "plan": plan, "header_title": _("Import preview: %(file)s") % {"file": batch.filename}}
    if plan:
        context["groups"] = [
            (_("To create"), plan.creates[:PREVIEW_LIMIT], len(plan.creates), max(0, len(plan.creates) - PREVIEW_LIMIT)),
            (_("To update"), plan.updates[:PREVIEW_LIMIT], len(plan.updates), max(0, len(plan.updates) - PREVIEW_LIMIT)),
        ]
    context["can_confirm"] = plan is not None and plan.ok and batch.status == ImportStatus.PENDING
    return TemplateResponse(request, "grid_importer/preview.html", context)


@require_POST
def confirm(request, pk):
    _authorise(request)
    batch = get_object_or_404(ImportBatch.objects.defer("data"), pk=pk, status=ImportStatus.PENDING)
    try:
        plan = services.confirm_batch(batch, request.user)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("grid_importer:preview", batch.pk)
    if not plan.ok:
        # The grid changed since the preview; show the new errors.
        messages.error(request, _("Nothing was imported: the file no longer fits the grid."))
        return redirect("grid_importer:preview", batch.pk)
    messages.success(
        request,
        _("Imported %(file)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
        % {"file": batch.filename, "created": len(plan.creates), "updated": len(plan.updates), "unchanged": len(plan.unchanged)},
    )
    return redirect("grid_importer:upload")


def export_roster(request):
    _authorise(request)
    return xlsx_response(roster_workbook(), f"roster-{timezone.localdate():%Y%m%d}.xlsx")
