"""``manage.py holiday_followups``: from the return day on, open a follow-up for every student not
back and take those not reached by their deadline up a level (grid → counsellor → office).
Idempotent: run it from cron with the other periodic jobs."""

from django.core.management.base import BaseCommand

from grid_pages.holidays import services


class Command(BaseCommand):
    help = "Open and escalate the follow-ups of students not back from a holiday."

    def handle(self, *args, **options):
        for line in services.run_all_followups()[1]:
            self.stdout.write(line)
