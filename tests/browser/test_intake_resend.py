"""On a phone, a student who comes Back to a sent form and sends it again gets the first case,
not a second one; photos over the limits are refused as soon as they are chosen."""

import io
import os

import pytest
from PIL import Image

from grid_pages.cases.models import Case

expect = pytest.importorskip("playwright.sync_api").expect

# The live server reads from another thread, so the data must be committed.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOKEN = "input[name=submission_token]"
PHOTOS = "input[name=photos]"
PHOTO_ERRORS = "[data-intake-photos] [role=alert]"



def fill(phone, description="寝室门锁坏了，关不上"):
    phone.fill("input[name=room]", "庠园3栋502")
    phone.locator("label.intake-choice", has_text="门窗").click()
    phone.fill("textarea[name=description]", description)


def send(phone):
    """Send the form; the tracking code shown on the landing."""
    phone.click("button[data-intake-submit]")
    phone.wait_for_url("**done=*")
    return phone.locator(".intake-code").inner_text().strip().replace("-", "")


def photo_limit(phone, name):
    """A limit the template gives intake.js (data-max-files, data-max-bytes)."""
    return phone.locator("[data-intake-photos]").get_attribute(f"data-max-{name}")


def chosen_files(phone):
    return phone.evaluate(f"document.querySelector('{PHOTOS}').files.length")


def jpeg(name, size=(800, 600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "steelblue").save(buffer, "JPEG")
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def noise_png(name, side=200):
    """A PNG of random pixels: it hardly compresses (about 3 bytes a pixel)."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


def test_back_and_send_again_returns_the_first_case(phone, live_server, campus, matters, repair_page):
    phone.goto(live_server.url + repair_page.url)
    token = phone.input_value(TOKEN)
    fill(phone)
    code = send(phone)

    phone.go_back()
    # The page is never cached: it came back from the server with a new token, replaced by the sent one.
    expect(phone.locator(TOKEN)).to_have_value(token)
    expect(phone.locator("button[data-intake-submit]")).to_be_enabled()
    fill(phone)
    assert send(phone) == code
    assert Case.objects.count() == 1


def send_another(phone):
    """From the thank-you page to a fresh form, by its "send another" link."""
    with phone.expect_navigation():
        phone.get_by_role("link", name="再提交一条").click()


def test_send_another_report_makes_a_second_case(phone, live_server, campus, matters, repair_page):
    phone.goto(live_server.url + repair_page.url)
    first_token = phone.input_value(TOKEN)
    fill(phone)
    first = send(phone)

    send_another(phone)
    assert "done=" not in phone.url
    assert phone.input_value(TOKEN) != first_token
    fill(phone, "窗户关不严，漏风")
    second = send(phone)

    assert second != first
    assert Case.objects.count() == 2
    assert Case.objects.get(code=second).description == "窗户关不严，漏风"


def test_back_to_an_unsent_form_keeps_its_own_token(phone, live_server, campus, matters, repair_page):
    """A fresh form left by a link and come back to is not the one sent before: it stays new."""
    phone.goto(live_server.url + repair_page.url)
    sent_token = phone.input_value(TOKEN)
    fill(phone)
    first = send(phone)
    send_another(phone)

    phone.get_by_role("link", name="查询已提交事项的进度").click()
    phone.wait_for_url("**/track/")
    phone.go_back()
    phone.wait_for_load_state()
    assert phone.input_value(TOKEN) != sent_token
    fill(phone, "窗户关不严，漏风")
    assert send(phone) != first
    assert Case.objects.count() == 2


def test_a_photo_over_the_size_limit_is_refused_when_chosen(phone, live_server, campus, matters, repair_page, settings):
    settings.GRID_PAGES_CASES_MAX_PHOTO_BYTES = 50_000
    big = noise_png("big-door.png")
    assert len(big["buffer"]) > 50_000
    phone.goto(live_server.url + repair_page.url)
    assert photo_limit(phone, "bytes") == "50000"
    fill(phone)

    phone.set_input_files(PHOTOS, files=[jpeg("door.jpg"), big])
    error = phone.locator(PHOTO_ERRORS)
    expect(error).to_be_visible()
    expect(error).to_contain_text("big-door.png")
    assert chosen_files(phone) == 0
    assert phone.input_value("textarea[name=description]") == "寝室门锁坏了，关不上"
    assert phone.input_value("input[name=room]") == "庠园3栋502"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # A photo within the limit clears the error and is sent.
    phone.set_input_files(PHOTOS, files=[jpeg("door.jpg")])
    expect(error).to_have_count(0)
    assert chosen_files(phone) == 1
    case = Case.objects.get(code=send(phone))
    assert case.photos.count() == 1


def test_more_photos_than_allowed_are_refused_when_chosen(phone, live_server, campus, matters, repair_page, settings):
    settings.GRID_PAGES_CASES_MAX_PHOTOS = 3
    phone.goto(live_server.url + repair_page.url)
    assert photo_limit(phone, "files") == "3"
    fill(phone)

    phone.set_input_files(PHOTOS, files=[jpeg(f"door{i}.jpg", (200, 150)) for i in range(4)])
    error = phone.locator(PHOTO_ERRORS)
    expect(error).to_be_visible()
    expect(error).to_contain_text("3")
    assert chosen_files(phone) == 0
    assert phone.input_value("textarea[name=description]") == "寝室门锁坏了，关不上"
