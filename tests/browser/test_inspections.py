"""A floor head records an inspection round on a 360 px phone: every room OK by default, a
finding added under one room; a failed send loses nothing (the draft in localStorage)."""

import pytest
from playwright.sync_api import expect

from grid_pages.inspections.models import Finding, HazardType, InspectionRound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_a_round_on_a_phone(phone, live_server, campus, grid_users):
    hazard, _ = HazardType.objects.get_or_create(name="违章电器", defaults={"rectify_days": 1})
    floor = campus["x3"].get_children().get(slug="f5")
    phone.goto(live_server.url + "/admin/login/")
    phone.fill("#id_username", "x3f5_head")
    phone.fill("#id_password", "pw-x3f5_head")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/admin/")

    phone.goto(live_server.url + "/grid/inspections/")
    phone.click(f"a[href$='/grid/inspections/floor/{floor.pk}/']")
    # click() returns once the navigation starts: wait for the new page before counting.
    phone.wait_for_url(f"**/grid/inspections/floor/{floor.pk}/")
    expect(phone.locator(".insp-room")).to_have_count(3)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    room = phone.locator(".insp-room", has_text="502")
    room.locator("summary").click()
    room.locator("select").select_option(str(hazard.pk))
    room.locator("textarea").fill("热得快一个")
    assert room.locator(".insp-status").inner_text() != "正常"
    phone.locator(".insp-room", has_text="501").locator(".insp-score input").fill("92")

    # The draft survives a reload (as after a failed send).
    phone.wait_for_function(
        "() => Object.keys(localStorage).some(k => (localStorage.getItem(k) || '').includes('\"92\"'))"
    )
    phone.reload()
    room = phone.locator(".insp-room", has_text="502")
    assert room.locator("textarea").input_value() == "热得快一个"
    assert phone.locator(".insp-room", has_text="501").locator(".insp-score input").input_value() == "92"

    phone.click(".insp-submit button")
    phone.wait_for_url("**/grid/inspections/rounds/*/")
    inspection = InspectionRound.objects.get()
    assert inspection.rooms_checked == 3
    finding = Finding.objects.get()
    assert finding.room_number == "502" and finding.note == "热得快一个"
    assert inspection.checks.get(room__number="501").hygiene_score == 92
    # The confirmation cleared the draft: the page opens empty again.
    phone.goto(f"{live_server.url}/grid/inspections/floor/{floor.pk}/")
    assert phone.locator(".insp-room", has_text="502").locator("select").input_value() == ""
