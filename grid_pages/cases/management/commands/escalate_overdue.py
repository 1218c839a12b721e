"""``manage.py escalate_overdue [--dry-run]``: kept as an alias of ``run_periodic --only escalate_overdue``.

New cron lines should call ``run_periodic``, which also sends reminders, closes unanswered
follow-ups and publishes scheduled pages.
"""

from grid_pages.cases.management.commands import run_periodic


class Command(run_periodic.Command):
    help = "Refer open cases past their deadline one level up the grid (see run_periodic)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the overdue cases; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        return super().handle(dry_run=dry_run, only=["escalate_overdue"])
