"""What import_grid and import_staff share: read the file, report the plan, fail with every error."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from .. import services
from ..readers import ImportFileError


class ImportCommand(BaseCommand):
    kind = None

    def add_arguments(self, parser):
        parser.add_argument("file", help=".csv (UTF-8 or GB18030) or .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="check and report, save nothing")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}) from error
        progress = self.progress if self.stdout.isatty() else None
        try:
            plan = services.import_file(data, path.name, self.kind, dry_run=dry_run, progress=progress)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if progress:
            self.stdout.write("")
        if plan.errors:
            raise CommandError("\n".join([_("Nothing was imported; fix these rows:"), *map(str, plan.errors)]))
        summary = _("%(created)d to create, %(updated)d to update, %(unchanged)d unchanged.") % {
            "created": len(plan.creates),
            "updated": len(plan.updates),
            "unchanged": len(plan.unchanged),
        }
        if options["verbosity"] > 1:
            for change in plan.creates + plan.updates:
                self.stdout.write(f"{change.line}: {change.text}")
        self.stdout.write((_("Dry run: ") if dry_run else "") + summary)

    def progress(self, done, total):
        # A bare \r counter: no dependency, and it only runs on a terminal.
        self.stdout.write(f"\r{done}/{total}", ending="")
        self.stdout.flush()
