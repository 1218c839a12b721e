"""``manage.py holiday_followups``: from the return day on, open a follow-up for every student not
back and take those not reached by their deadline up a level (grid → counsellor → office).
Idempotent: run it from cron with the other periodic jobs."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from grid_pages.holidays import services
from grid_pages.holidays.models import HolidayPeriod


class Command(BaseCommand):
    help = "Open and escalate the follow-ups of students not back from a holiday."

    def handle(self, *args, **options):
        today = timezone.localdate()
        for period in HolidayPeriod.objects.filter(return_by__lte=today, return_by__gte=today - dt.timedelta(days=60)):
            opened, escalated = services.run_followups(period)
            self.stdout.write(f"{period.name}: {opened} opened, {escalated} escalated.")
