import pytest

# The live server reads from another thread, so the data must be committed.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_student_finds_the_people_responsible_for_a_room_on_a_phone(phone, live_server, campus):
    phone.goto(live_server.url + "/")
    phone.fill("#grid-find-q", "庠园3栋502")
    phone.click(".grid-find__form button[type=submit]")
    phone.wait_for_url("**/?room=502*")

    chain = phone.locator(".grid-chain")
    assert "502" in chain.locator("h2").inner_text()
    steps = chain.locator(".grid-chain__step")
    assert steps.count() == 4  # 寝室长, 层长, 楼长, 社区长
    room = phone.locator("#room-502")
    assert "is-selected" in room.get_attribute("class")
    # Readable on a 360 px screen: nothing wider than the viewport.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_choosing_building_then_room_works_without_typing_the_building(phone, live_server, campus):
    phone.goto(live_server.url + campus["x3"].url)
    phone.click(".grid-find__choose summary")
    phone.select_option("#grid-find-building", str(campus["x3"].pk))
    phone.fill("#grid-find-room", "301")
    phone.locator(".grid-find__choose button[type=submit]").click()
    phone.wait_for_url("**/?room=301*")
    assert phone.locator("#room-301").is_visible()


def test_an_ambiguous_room_lists_the_candidates(phone, live_server, campus):
    phone.goto(live_server.url + "/grid/find/?q=3栋101")
    links = phone.locator(".grid-card a")
    texts = [links.nth(i).inner_text() for i in range(links.count())]
    assert any("庠园" in t for t in texts) and any("沁园" in t for t in texts)
