from django.core.management.base import BaseCommand

from ... import services


class Command(BaseCommand):
    help = "Send the mail waiting in the outbox; failures are retried later with growing delays. Run from cron."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Send at most this many messages.")
        parser.add_argument("--dry-run", action="store_true", help="Only say how many messages are due.")

    def handle(self, *args, limit=None, dry_run=False, **options):
        if dry_run:
            from django.utils import timezone

            self.stdout.write(f"{services.due(timezone.now()).count()} due")
            return
        sent, failed = services.send_due(limit=limit)
        self.stdout.write(f"{sent} sent, {failed} failed")
