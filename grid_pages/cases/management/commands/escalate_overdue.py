"""``manage.py escalate_overdue [--dry-run]``: refer every open case past its deadline one level up.

Meant for cron every 15 minutes. Each escalated case gets a fresh deadline at its new level,
so running it again soon after finds nothing more to do.
"""

from django.core.management.base import BaseCommand
from django.utils.timezone import localtime

from grid_pages.cases import services


class Command(BaseCommand):
    help = "Refer open cases past their feedback deadline one level up the grid."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the overdue cases; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            cases = services.escalate_overdue(dry_run=True)
            for case in cases:
                self.stdout.write(
                    f"Would refer {case.display_code} up from {case.get_handling_level_display()} "
                    f"(due {localtime(case.due_at):%Y-%m-%d %H:%M})."
                )
            self.stdout.write(f"Dry run: {len(cases)} overdue case(s), nothing changed.")
            return
        cases = services.escalate_overdue()
        for case in cases:
            self.stdout.write(
                f"Referred {case.display_code} up to {case.get_handling_level_display()} "
                f"(new deadline {localtime(case.due_at):%Y-%m-%d %H:%M})."
            )
        self.stdout.write(f"Escalated {len(cases)} overdue case(s).")
