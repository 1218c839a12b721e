import pytest
from django.core.cache import caches

from grid_pages.cases.models import RepairRequestPage, SuggestionBoxPage
from tests.cases.conftest import grid_users, matters, submit  # noqa: F401
from tests.reception.conftest import place_session, reception_page  # noqa: F401


@pytest.fixture
def hostile_site(campus, matters, place_session, settings, tmp_path):  # noqa: F811
    """The campus with both intake pages, a reception page with a session and a case to track;
    rate limits out of the way so that every hostile value is really processed."""
    settings.GRID_PAGES_CASES_SUBMIT_RATE = (100_000, 60)
    settings.GRID_PAGES_CASES_TRACK_RATE = (100_000, 60)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "private")}},
    }
    caches["shared"].clear()
    for model, slug in ((RepairRequestPage, "repair"), (SuggestionBoxPage, "suggestions")):
        campus["home"].add_child(instance=model(title=slug, slug=slug)).save_revision().publish()
    return campus
