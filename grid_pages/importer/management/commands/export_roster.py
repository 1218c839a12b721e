from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...export import roster_workbook


class Command(BaseCommand):
    help = "Write who is responsible for each community, building, floor and room, with contacts, to an XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file to write")

    def handle(self, *args, file, **options):
        Path(file).write_bytes(roster_workbook())
        self.stdout.write(_("Roster written to %(file)s.") % {"file": file})
