import datetime as dt

import pytest
from django.utils import timezone

from grid_pages.holidays.models import HolidayDeclarationPage, HolidayPeriod
from tests.roster.conftest import roster, roster_users  # noqa: F401  (shared fixtures)


@pytest.fixture
def holiday(roster):
    """A holiday whose return day is today."""
    today = timezone.localdate()
    return HolidayPeriod.objects.create(name="国庆节", leave_from=today - dt.timedelta(days=7), return_by=today)


@pytest.fixture
def declaration_page(campus):
    page = HolidayDeclarationPage(title="节假日离校登记", slug="holiday")
    campus["home"].add_child(instance=page)
    return page
