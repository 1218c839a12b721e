from django.utils.translation import gettext_lazy as _

from ...models import ImportKind
from ..base import ImportCommand


class Command(ImportCommand):
    help = _("Create or update communities, buildings, floors, rooms and plaques from a CSV or XLSX file.")
    kind = ImportKind.GRID
