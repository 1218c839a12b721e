from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from grid_pages.access import services


class Command(BaseCommand):
    help = "Rebuild the grid groups and page permissions from the grid assignments."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report the changes without making them.")

    def handle(self, *args, dry_run=False, **options):
        changes = services.sync_all_access(dry_run=dry_run)
        for change in changes:
            self.stdout.write(change)
        self.stdout.write(_("%(count)d change(s).") % {"count": len(changes)})
