from django.core.management.base import BaseCommand

from grid_pages.inspections import services


class Command(BaseCommand):
    help = "Refer inspection findings past their rectification deadline one level up the grid (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say how many would be referred; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        count = services.escalate_overdue_findings(dry_run=dry_run)
        verb = "Would refer" if dry_run else "Referred"
        self.stdout.write(f"{verb} {count} finding(s).")
