from django.utils.translation import gettext_lazy as _

from grid_pages.importer.management.base import ImportCommand

from ...importing import KIND


class Command(ImportCommand):
    help = _("Create or update students, their rooms and beds from a CSV or XLSX file (moves are recorded).")
    kind = KIND
