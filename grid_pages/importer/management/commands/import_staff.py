from django.utils.translation import gettext_lazy as _

from ...models import ImportKind
from ..base import ImportCommand


class Command(ImportCommand):
    help = _("Create staff members and put them in grid roles and room heads from a CSV or XLSX file.")
    kind = ImportKind.STAFF
