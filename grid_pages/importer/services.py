"""Import and export entry points shared by the admin views and the management commands."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import plan, readers, statistics
from .kinds import get_kind
from .models import ImportStatus


def can_import(user):
    """Holders of the import permission who may also publish the whole grid (the site root's subtree).

    Imports publish pages as the user, so Wagtail's page permissions stay the
    authority; the import permission only adds the right to do it in bulk and
    to download every phone number in the roster.
    """
    if not (user.is_active and user.has_perm("grid_importer.add_importbatch")):
        return False
    root = plan.site_root()
    return root.permissions_for_user(user).can_publish() and root.permissions_for_user(user).can_add_subpage()


def plan_file(data, filename, kind):
    """Read and check a file of ``kind``; raises readers.ImportFileError when it cannot be read at all."""
    try:
        spec = get_kind(kind)
    except KeyError:
        raise readers.ImportFileError(_("This kind of file can no longer be imported.")) from None
    return spec.plan(readers.read_rows(data, filename, kind, (spec.columns, spec.required)))


def apply_plan(result, user=None, progress=None):
    """Write a checked plan of any kind, all or nothing; then refresh PostgreSQL's statistics."""
    get_kind(result.kind).apply(result, user=user, progress=progress)
    statistics.analyze_after_commit()


def import_file(data, filename, kind, *, user=None, dry_run=False, progress=None):
    """Plan the file and, when it has no errors and this is no dry run, apply it. Returns the plan."""
    result = plan_file(data, filename, kind)
    if result.ok and not dry_run and result.has_changes:
        apply_plan(result, user=user, progress=progress)
    return result


def confirm_batch(batch, user):
    """Re-check an uploaded batch against the grid as it is now and apply it; returns the plan."""
    with transaction.atomic():
        # Locks the row so that a double click cannot import the file twice.
        batch = type(batch).objects.select_for_update().get(pk=batch.pk, status=ImportStatus.PENDING)
        result = plan_file(bytes(batch.data), batch.filename, batch.kind)
        if not result.ok:
            return result
        if result.has_changes:
            apply_plan(result, user=user)
        batch.status = ImportStatus.APPLIED
        batch.applied_at = timezone.now()
        batch.save(update_fields=["status", "applied_at"])
    return result
