"""Night checks: one POST per round, idempotent, exceptions only; absences followed up; scope."""

import datetime as dt
import io

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from grid_pages.nightchecks import services
from grid_pages.nightchecks.models import AbsenceFollowUp, FollowUpLevel, Guest, Mark, NightCheck, Outcome, Status

NIGHT = dt.date(2026, 11, 20)


def round_url(room):
    return f"/admin/nightchecks/floors/{room.floor_id}/?night={NIGHT.isoformat()}"


def test_a_round_records_only_the_exceptions_once(client, roster, roster_users):
    s = roster["students"]
    room = roster["rooms"]["502"]
    client.force_login(roster_users["floor_head"])
    html = client.get(round_url(room)).content.decode()
    assert s["502-1"].name in html and s["101-1"].name not in html
    assert html.count('value="present" checked') == 6  # everyone present by default
    data = {"night": NIGHT.isoformat(), "token": "round-1", f"s{s['502-1'].pk}": "absent", f"s{s['501-2'].pk}": "late",
            f"g{room.pk}": "1", f"gn{room.pk}": "同学来访"}
    for _ in range(2):  # resent by a phone on a poor connection
        assert client.post(round_url(room), data).status_code == 302
    check = NightCheck.objects.get()
    assert (check.night, check.rooms, check.students) == (NIGHT, 3, 6)
    assert dict(Mark.objects.values_list("student_id", "status")) == {s["502-1"].pk: Status.ABSENT, s["501-2"].pk: Status.LATE}
    assert Guest.objects.get().count == 1
    assert AbsenceFollowUp.objects.count() == 1
    # A corrected round (new token) replaces the exceptions; the untouched follow-up goes.
    data.update({"token": "round-2", f"s{s['502-1'].pk}": "present"})
    client.post(round_url(room), data)
    assert list(Mark.objects.values_list("status", flat=True)) == [Status.LATE]
    assert not AbsenceFollowUp.objects.exists()


def test_a_round_of_another_floor_is_refused(client, roster, roster_users):
    client.force_login(roster_users["floor_head"])
    assert client.get(round_url(roster["rooms"]["101"])).status_code in (302, 403)
    assert client.post(round_url(roster["rooms"]["101"]), {"token": "x"}).status_code in (302, 403)
    assert not NightCheck.objects.exists()


def _absent(floor_room, students, user, night, token):
    rooms = list(floor_room.floor.specific.grid_rooms.all())
    everyone = [st for st in students.values() if st.room_id in {r.pk for r in rooms} and st.active]
    return services.record_round(floor_room.floor, night, rooms, everyone, {students["502-1"].pk: Status.ABSENT}, {}, user=user, token=token)


def test_followup_closed_with_a_note_or_escalated(roster, roster_users):
    s = roster["students"]
    _absent(roster["rooms"]["502"], s, roster_users["floor_head"], NIGHT, "t")
    followup = AbsenceFollowUp.objects.get()
    assert followup.level == FollowUpLevel.COUNSELLOR and followup.is_open
    with pytest.raises(services.NightCheckError):
        services.record_followup(followup, outcome=Outcome.REACHED, note=" ", user=roster_users["building_head"])
    services.record_followup(followup, outcome=Outcome.ESCALATED, note="电话不通", user=roster_users["building_head"], token="a")
    services.record_followup(followup, outcome=Outcome.ESCALATED, note="电话不通", user=roster_users["building_head"], token="a")
    followup.refresh_from_db()
    assert followup.level == FollowUpLevel.OFFICE and followup.is_open and followup.entries.count() == 1
    services.record_followup(followup, outcome=Outcome.REACHED, note="在亲戚家，已返校", user=roster_users["office"])
    followup.refresh_from_db()
    assert not followup.is_open and followup.note == "在亲戚家，已返校"


def test_followups_page_is_scoped_and_keeps_input(client, roster, roster_users):
    _absent(roster["rooms"]["502"], roster["students"], roster_users["floor_head"], NIGHT, "t")
    followup = AbsenceFollowUp.objects.get()
    client.force_login(roster_users["other_floor_head"])
    assert roster["students"]["502-1"].name not in client.get("/admin/nightchecks/followups/").content.decode()
    assert client.post("/admin/nightchecks/followups/", {"followup": followup.pk, "token": "x", "outcome": "reached", "note": "n"}).status_code == 404
    client.force_login(roster_users["building_head"])
    response = client.post("/admin/nightchecks/followups/", {"followup": followup.pk, "token": "y", "outcome": "", "note": "已联系家长"})
    assert response.status_code == 200 and "已联系家长" in response.content.decode()
    assert client.post("/admin/nightchecks/followups/", {"followup": followup.pk, "token": "y", "outcome": "explanation", "note": "已联系家长"}).status_code == 302
    followup.refresh_from_db()
    assert not followup.is_open


@override_settings(GRID_PAGES_NIGHTCHECKS_REPEATED_ABSENCES=(3, 30))
def test_repeated_absences_are_flagged(client, roster, roster_users):
    from grid_pages.roster.models import Student

    for days in (0, 5, 10):
        _absent(roster["rooms"]["502"], roster["students"], roster_users["floor_head"], NIGHT - dt.timedelta(days=days), f"t{days}")
    assert services.repeated_absences(Student.objects.all(), NIGHT) == {roster["students"]["502-1"].pk: 3}
    assert services.repeated_absences(Student.objects.all(), NIGHT + dt.timedelta(days=25)) == {}
    client.force_login(roster_users["floor_head"])
    assert "⚑3" in client.get(round_url(roster["rooms"]["502"])).content.decode()


def test_ledger_is_scoped_and_exports(client, roster, roster_users):
    _absent(roster["rooms"]["502"], roster["students"], roster_users["floor_head"], NIGHT, "t")
    query = f"?start={(NIGHT - dt.timedelta(days=1)).isoformat()}&end={NIGHT.isoformat()}"
    client.force_login(roster_users["other_floor_head"])
    assert "2024050201" not in client.get(f"/admin/nightchecks/ledger/{query}&export=csv").content.decode("utf-8-sig")
    client.force_login(roster_users["building_head"])
    text = client.get(f"/admin/nightchecks/ledger/{query}&export=csv").content.decode("utf-8-sig")
    assert "2024050201" in text and NIGHT.isoformat() in text
    response = client.get(f"/admin/nightchecks/ledger/{query}&export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[4].value == "2024050201")  # night, community, building, room, number
    assert row[0].is_date and row[0].value.date() == NIGHT
    assert row[4].number_format == "@" and row[3].value == "502" and row[3].number_format == "@"
    assert NIGHT.isoformat() in client.get(f"/admin/nightchecks/ledger/{query}").content.decode()  # the page shows it as text


def test_nothing_of_it_is_public(client, roster, roster_users):
    _absent(roster["rooms"]["502"], roster["students"], roster_users["floor_head"], NIGHT, "t")
    floor = roster["rooms"]["502"].floor
    for url in (floor.url, floor.get_parent().url, "/search/?q=未归"):
        assert roster["students"]["502-1"].name not in client.get(url).content.decode()
    assert client.get("/admin/nightchecks/").status_code == 302  # anonymous: to the login


def test_dashboard_counts_absences_in_scope(client, roster, roster_users):
    import re

    from django.utils import timezone

    _absent(roster["rooms"]["502"], roster["students"], roster_users["floor_head"], timezone.localdate(), "t")
    for who, expected in (("floor_head", 1), ("other_floor_head", 0)):
        client.force_login(roster_users[who])
        html = client.get("/admin/cases/dashboard/?preset=last30").content.decode()
        assert int(re.search(r"<dt>未归</dt><dd>(?:<a [^>]*>)?(\d+)", html).group(1)) == expected
