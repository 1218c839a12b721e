"""Real-browser tests: Debian's chromium driven by Playwright (its own browser download
does not work here). Skipped with a reason when chromium is absent."""

import os
import shutil

import pytest
from django.core.cache import caches
from django.db import connections

from grid_pages.cases.models import RepairRequestPage, SuggestionBoxPage

from tests.cases.conftest import grid_users, matters  # noqa: F401 (fixtures for the cases browser test)

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def browser(monkeypatch):
    """One browser per test: Playwright's sync API keeps an event loop running in this
    thread while it is open, and Django refuses ORM calls under a running loop. The
    ORM calls these tests make are synchronous, so they are allowed for the test only
    (subprocesses started by other tests must not inherit the setting)."""
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        # ORM calls made while Playwright's loop runs use their own connection (another
        # context): close it here, or PostgreSQL cannot drop the test database at the end.
        connections.close_all()
        browser.close()


@pytest.fixture
def phone(browser):
    """A 360 px wide page, as on a student's phone."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def repair_page(campus):
    """A published 报修 page under the home page, with the rate-limit counters cleared."""
    caches["shared"].clear()
    page = campus["home"].add_child(instance=RepairRequestPage(title="报修", slug="repair"))
    page.save_revision().publish()
    return page


@pytest.fixture
def suggestion_page(campus):
    """A published 意见箱 page under the home page."""
    page = campus["home"].add_child(instance=SuggestionBoxPage(title="意见箱", slug="suggestions"))
    page.save_revision().publish()
    return page
