"""``manage.py run_periodic [--dry-run] [--only JOB ...]``: the portal's periodic work.

Escalation of overdue cases, reminders before deadlines, closing unanswered follow-ups and
Wagtail's scheduled publishing, from one entry point (``grid_pages.cases.periodic``). Safe to
run every minute from cron, and twice at once.
"""

from django.core.management.base import BaseCommand, CommandError

from grid_pages.cases import periodic


class Command(BaseCommand):
    help = "Run the periodic jobs: escalation, deadline reminders, follow-ups, scheduled publishing."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would be done; change nothing.")
        parser.add_argument(
            "--only", nargs="+", choices=[name for name, _job in periodic.all_jobs()], help="Run only these jobs."
        )

    def handle(self, *args, dry_run=False, only=None, **options):
        failed = []
        for outcome in periodic.run(dry_run=dry_run, only=only):
            for line in outcome.lines:
                self.stdout.write(f"{outcome.job}: {line}")
            if outcome.error:
                failed.append(outcome.job)
                self.stderr.write(f"{outcome.job}: failed: {outcome.error}")
            else:
                done = "would be done, nothing changed" if dry_run else "done"
                self.stdout.write(f"{outcome.job}: {outcome.done} {done}.")
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)}")
