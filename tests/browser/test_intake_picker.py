"""On a phone, a student picks building, floor and room from lists instead of typing the room."""

import pytest

from grid_pages.cases.models import Case
from tests.cases.conftest import room_of

expect = pytest.importorskip("playwright.sync_api").expect

# The live server reads from another thread, so the data must be committed.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FLOOR = "#id_building_floor"
ROOM = "#id_building_room"



def fill_the_rest_and_send(phone):
    phone.locator("label.intake-choice", has_text="门窗").click()
    phone.fill("textarea[name=description]", "寝室门锁坏了，关不上")
    phone.click("button[data-intake-submit]")
    phone.wait_for_url("**done=*")
    code = phone.locator(".intake-code").inner_text().strip()
    return Case.objects.get(code=code.replace("-", ""))


def test_building_floor_and_room_picked_from_lists(phone, live_server, campus, matters, repair_page):
    phone.goto(live_server.url + repair_page.url)
    assert phone.locator("[data-intake-picker]").is_hidden()

    phone.click("details.intake-building summary")
    phone.select_option("select[name=building]", str(campus["x3"].pk))
    floor = phone.locator(FLOOR)
    expect(floor.locator("option")).to_have_text(["请选择楼层", "1层", "2层", "3层", "4层", "5层"])
    assert phone.locator(f"label[for={FLOOR[1:]}]").inner_text() == "楼层"
    assert phone.locator(ROOM).is_hidden()
    floor.select_option(label="5层")
    room = phone.locator(ROOM)
    expect(room.locator("option")).to_have_text(["请选择寝室", "501", "502", "503"])
    assert phone.locator(f"label[for={ROOM[1:]}]").inner_text() == "本层寝室"
    room.select_option("502")
    assert phone.input_value("input[name=room]") == "502"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    case = fill_the_rest_and_send(phone)
    assert case.description == "寝室门锁坏了，关不上"
    assert case.room == room_of(campus["x3"], "502")
    assert case.building_id == campus["x3"].pk


def test_another_building_replaces_the_lists(phone, live_server, campus, matters, repair_page):
    phone.goto(live_server.url + repair_page.url)
    phone.click("details.intake-building summary")
    phone.select_option("select[name=building]", str(campus["x3"].pk))
    expect(phone.locator(FLOOR).locator("option")).to_have_count(6)
    phone.select_option(FLOOR, label="5层")
    phone.select_option("select[name=building]", str(campus["q3"].pk))
    expect(phone.locator(FLOOR).locator("option")).to_have_text(["请选择楼层", "1层", "2层"])
    assert phone.locator(ROOM).is_hidden()
    phone.select_option(FLOOR, label="2层")
    phone.select_option(ROOM, "201")

    case = fill_the_rest_and_send(phone)
    assert case.room == room_of(campus["q3"], "201")


def test_when_the_lists_cannot_be_fetched_the_room_number_is_typed(phone, live_server, campus, matters, repair_page):
    phone.route("**/grid/find/rooms/**", lambda route: route.abort())
    phone.goto(live_server.url + repair_page.url)
    phone.click("details.intake-building summary")
    with phone.expect_event("requestfailed"):
        phone.select_option("select[name=building]", str(campus["x5"].pk))
    expect(phone.locator("[data-intake-picker]")).to_be_hidden()
    phone.fill("input[name=room]", "201")

    case = fill_the_rest_and_send(phone)
    assert case.room == room_of(campus["x5"], "201")
