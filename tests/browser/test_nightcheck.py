"""A floor head records a night-check round of 30 rooms on a 360 px phone: everyone present by
default, two taps for the exceptions, one save."""

import pytest

from grid_pages.nightchecks.models import AbsenceFollowUp, Mark, NightCheck, Status
from grid_pages.roster.models import Student
from tests.factories import RoomFactory
from tests.roster.conftest import roster, roster_users  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_night_check_round_of_thirty_rooms_on_a_phone(phone, live_server, roster, roster_users):
    floor = roster["rooms"]["502"].floor
    for i in range(4, 31):  # rooms 504-530, two students each
        room = RoomFactory(floor=floor, number=f"5{i:02d}", sort_order=i)
        for bed in (1, 2):
            Student.objects.create(number=f"20245{i:02d}{bed:02d}", name=f"学生{i}-{bed}", room=room, bed=bed, phone="13900000000")
    absent, late = roster["students"]["502-1"], Student.objects.get(number="2024520" + "01")

    phone.goto(live_server.url + "/admin/login/")
    phone.fill("#id_username", "x3f5_head")
    phone.fill("#id_password", "pw-x3f5_head")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/admin/")
    phone.goto(f"{live_server.url}/admin/nightchecks/floors/{floor.pk}/")
    assert phone.locator(".nc-room").count() == 30
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click(f"label[for=s{absent.pk}-absent]")
    phone.click(f"label[for=s{late.pk}-late]")
    phone.fill(f"input[name=g{late.room_id}]", "1")
    phone.click("form[data-night-round] button[type=submit]")
    phone.wait_for_url("**/admin/nightchecks/?night=*")

    check = NightCheck.objects.get(floor=floor)
    assert check.rooms == 30 and check.students == 60
    assert dict(Mark.objects.values_list("student_id", "status")) == {absent.pk: Status.ABSENT, late.pk: Status.LATE}
    assert AbsenceFollowUp.objects.filter(mark__student=absent).exists()


def test_a_round_sent_on_a_failing_connection_is_kept_and_sent_once(phone, live_server, roster, roster_users):
    floor = roster["rooms"]["502"].floor
    absent = roster["students"]["502-1"]
    phone.goto(live_server.url + "/admin/login/")
    phone.fill("#id_username", "x3f5_head")
    phone.fill("#id_password", "pw-x3f5_head")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/admin/")
    round_url = f"{live_server.url}/admin/nightchecks/floors/{floor.pk}/"
    phone.goto(round_url)
    phone.click(f"label[for=s{absent.pk}-absent]")
    phone.context.set_offline(True)  # the corridor's connection drops as the round is sent
    try:
        phone.click("form[data-night-round] button[type=submit]")
        phone.wait_for_load_state()  # the browser's own "no connection" page
    finally:
        phone.context.set_offline(False)
    assert not NightCheck.objects.filter(floor=floor).exists()

    phone.goto(round_url)  # reopened: what was tapped is back, with the same token
    assert phone.is_checked(f"#s{absent.pk}-absent")
    phone.click("form[data-night-round] button[type=submit]")
    phone.wait_for_url("**/admin/nightchecks/?night=*")
    assert dict(Mark.objects.values_list("student_id", "status")) == {absent.pk: Status.ABSENT}

    phone.goto(round_url)  # saved: the draft is dropped, the page shows the saved round
    assert phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('grid-draft:')).length") == 0
    assert phone.is_checked(f"#s{absent.pk}-absent")
