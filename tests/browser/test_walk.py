"""A walk through the student pages and the admin in a real browser, recording every request
the pages make and every Content-Security-Policy violation: no request may go to another host
(a campus network may block or log them, and they leak who reads what), and every page must
satisfy the policy (a violation is a script or style the browser refused)."""

from urllib.parse import urlsplit

import pytest

from tests.cases.conftest import submit  # noqa: F401
from tests.grid_pages.conftest import english_campus  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber} on ${document.location.pathname}`);
});
"""


class Recorder:
    """Every request a browser context makes to another host, and every CSP violation."""

    def __init__(self, context, base):
        self.host = urlsplit(base).netloc
        self.outside = []
        self.violations = []
        context.on("request", self.request)
        context.on("console", self.console)
        context.add_init_script(REPORT_VIOLATIONS)

    def console(self, message):
        text = message.text
        if text.startswith("CSP violation") or "Content Security Policy" in text:
            self.violations.append(f"{text} ({message.page.url if message.page else ''})")

    def request(self, request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host:
            self.outside.append(f"{request.url} (from {request.frame.url})")


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    page.wait_for_load_state("networkidle")


def student_urls(campus, english_campus, repair_page, suggestion_page, case):  # noqa: F811
    floor = campus["x3"].get_children().get(slug="f5")
    return [
        "/",
        campus["xiangyuan"].url,
        campus["x3"].url,
        floor.url + "?room=502",
        repair_page.url,
        suggestion_page.url,
        "/track/",
        f"/track/{case.code}/",
        "/search/?q=庠园",
        "/grid/find/?q=3-502",
        english_campus["en_floor5"].url,
    ]


def admin_urls(campus, case):
    floor = campus["x3"].get_children().get(slug="f5")
    return [
        "/admin/",
        f"/admin/pages/{campus['x3'].pk}/",
        f"/admin/pages/{floor.pk}/edit/",
        "/admin/cases/queue/",
        f"/admin/cases/queue/{case.pk}/",
        "/admin/snippets/grid_pages/staffmember/",
    ]


@pytest.fixture
def walk(browser, live_server, campus, english_campus, repair_page, suggestion_page, grid_users, submit):  # noqa: F811
    """Visit every page of the walk, as a student then as an administrator; returns the recorders."""
    case = submit(campus["x3"], "502")
    recorders = []

    student = browser.new_context(locale="zh-CN")
    recorders.append(Recorder(student, live_server.url))
    page = student.new_page()
    for url in student_urls(campus, english_campus, repair_page, suggestion_page, case):
        visit(page, live_server.url + url)
    student.close()

    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    recorders.append(Recorder(staff, live_server.url))
    page = staff.new_page()
    visit(page, live_server.url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "pw-admin")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    for url in admin_urls(campus, case):
        visit(page, live_server.url + url)
    staff.close()
    return recorders


def test_no_request_leaves_the_server_and_no_page_breaks_the_policy(walk):
    """One walk for both: it is the slow part."""
    outside = [url for recorder in walk for url in recorder.outside]
    violations = [text for recorder in walk for text in recorder.violations]
    assert outside == []
    assert violations == [], "\n".join(violations)
