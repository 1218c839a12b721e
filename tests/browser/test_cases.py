"""A student reports a repair from a phone and follows it; a handler answers in the admin."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from grid_pages.cases.models import Case, CaseStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "steelblue").save(buffer, "JPEG")
    return buffer.getvalue()


def test_repair_from_a_phone_answered_in_the_admin(phone, browser, live_server, campus, matters, grid_users, repair_page):
    page = repair_page

    # The student, on a 360 px phone.
    phone.goto(live_server.url + page.url)
    phone.fill("input[name=room]", "庠园3栋502")
    phone.locator("label.intake-choice", has_text="门窗").click()
    phone.fill("textarea[name=description]", "寝室门锁坏了，关不上")
    phone.set_input_files(
        "input[name=photos]", files=[{"name": "door.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("button[data-intake-submit]")
    phone.wait_for_url("**done=*")
    code = phone.locator(".intake-code").inner_text().strip()
    case = Case.objects.get(code=code.replace("-", ""))
    assert case.photos.count() == 1 and case.status == CaseStatus.NEW
    phone.locator(".intake-code-box a.intake-button").click()
    phone.wait_for_url(f"**/track/{case.code}/")
    assert "寝室门锁坏了，关不上" in phone.content()

    # The floor head answers in the admin, from a desktop browser.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    staff.goto(live_server.url + "/admin/login/")
    staff.fill("#id_username", "x3f5_head")
    staff.fill("#id_password", "pw-x3f5_head")
    staff.click("button[type=submit]")
    staff.wait_for_url("**/admin/")
    staff.goto(f"{live_server.url}/admin/cases/queue/{case.pk}/")
    staff.fill("#id_reply-text", "已安排维修师傅明天上午上门")
    # click() returns once the navigation starts; expect_navigation waits for the answer's page.
    with staff.expect_navigation():
        staff.click("#case-action-reply button[type=submit]")
    assert "已安排维修师傅明天上午上门" in staff.content()

    # The student sees the reply on the tracking page.
    phone.reload()
    assert "已安排维修师傅明天上午上门" in phone.locator(".track-timeline").inner_text()
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED

    # Resolved in the admin; the student rates it 不满意 from the phone. A real browser sends
    # an Origin header with the form, which the CSRF check verifies.
    staff.locator("#case-action-resolve").evaluate("form => form.closest('details').open = true")
    staff.fill("#id_resolve-resolution", "已更换门锁")
    with staff.expect_navigation():
        staff.click("#case-action-resolve button[type=submit]")
    context.close()
    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    phone.reload()
    # Unsatisfied without a comment: the page asks for one and keeps the choice.
    phone.locator(".track-rating__choice", has_text="不满意").click()
    phone.click(".track-feedback button[type=submit]")
    # The refused form comes back at the same URL: wait for its message, not for a load state
    # the old page already has.
    expect(phone.locator(".track-feedback .track-error")).to_be_visible()
    assert phone.locator("input[name=rating][value=unsatisfied]").is_checked()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.fill(".track-feedback textarea", "新锁还是锁不上")
    phone.click(".track-feedback button[type=submit]")
    phone.wait_for_url("**rated=unsatisfied")
    assert phone.locator(".track-thanks").is_visible()
    timeline = phone.locator(".track-timeline").inner_text()
    assert "新锁还是锁不上" in timeline and "学生评价：不满意" in timeline
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and case.rating == "unsatisfied"
    assert case.handling_level == "building"
