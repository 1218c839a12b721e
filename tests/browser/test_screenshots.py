"""Screenshots of every student page and the main admin screens at a phone's width (360 px)
and a laptop's (1280 px), so a reviewer can look without running the site. CI keeps the
folder as an artifact (.ci/run prints where it is): ``SCREENSHOT_DIR``, by default
``artifacts/screenshots/`` at the repository's root (gitignored)."""

import os
from pathlib import Path
from urllib.parse import quote

import pytest

from grid_pages.cases.intake import _signer
from tests.cases.conftest import submit  # noqa: F401
from tests.activities.factories import ActivityIndexPageFactory, ActivityPageFactory
from tests.notices.factories import NoticePageFactory
from tests.reception.factories import ReceptionPageFactory, ReceptionSessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = {360: 740, 1280: 800}  # width: height of the window (full-page shots go past it)


def screenshot_dir():
    folder = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "artifacts" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def student_pages(campus, repair_page, suggestion_page, submit):  # noqa: F811
    """name -> URL of each page a student meets, with content on it."""
    floor = campus["x3"].get_children().get(slug="f5")
    case = submit(campus["x3"], "502", matter="门窗", description="寝室门锁坏了，关不上。")
    activities = ActivityIndexPageFactory(parent=campus["home"], title="社区活动", slug="huodong")
    ActivityPageFactory(parent=campus["xiangyuan"], title="庠园读书会", days=2, tag_names=["读书"])
    ActivityPageFactory(parent=campus["x3"], title="3栋包饺子", days=5, tag_names=["美食"])
    NoticePageFactory(parent=campus["x3"], title="3栋门禁升级", slug="door")
    NoticePageFactory(parent=floor, title="5层热水器维修", slug="heater")
    reception = ReceptionPageFactory(parent=campus["home"], title="院级领导接待日", slug="reception")
    session = ReceptionSessionFactory(page=reception, capacity=3)
    return case, {
        "home": "/",
        "community": campus["xiangyuan"].url,
        "building": campus["x3"].url,
        "floor": f"{floor.url}?room=502",
        "find-my-room": "/grid/find/?q=3栋",
        "repair-form": repair_page.url,
        "suggestion-form": suggestion_page.url,
        "thank-you": f"{repair_page.url}?done={quote(_signer().sign(case.code))}",
        "tracking": f"/track/{case.code}/",
        "reception": reception.url,
        "booking": f"/grid/reception/session/{session.pk}/book/",
        "activities": activities.url,
        "notices": f"/grid/notices/for/{floor.pk}/",
        "search": "/search/?query=庠园3栋",
    }


def admin_pages(case):
    return {
        "admin-dashboard": "/admin/",
        "admin-case-queue": "/admin/cases/queue/",
        "admin-case": f"/admin/cases/queue/{case.pk}/",
        "admin-nightcheck-ledger": "/admin/nightchecks/ledger/",
        "admin-holiday-ledger": "/admin/holidays/ledger/",
    }


def shoot(page, url, path):
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=True)


def test_screenshots_of_the_student_pages_and_the_admin(browser, live_server, student_pages, grid_users):
    """One browser for all: a context per width as a student, then as the administrator."""
    case, students = student_pages
    folder = screenshot_dir()
    taken = []
    for width, height in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        page = context.new_page()
        for name, url in students.items():
            taken.append(folder / f"{name}-{width}.png")
            shoot(page, live_server.url + url, taken[-1])
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", "pw-admin")
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        for name, url in admin_pages(case).items():
            taken.append(folder / f"{name}-{width}.png")
            shoot(page, live_server.url + url, taken[-1])
        context.close()
    assert all(path.stat().st_size > 1000 for path in taken)
    assert len(taken) == 2 * (len(students) + len(admin_pages(case)))
