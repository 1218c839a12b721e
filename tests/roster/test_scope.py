"""Who sees which students: a 层长 their floor, a 楼长 their building, the office all; also in exports."""

import pytest

from grid_pages.roster.models import RoomMove

INDEX = "/admin/roster/students/"


def numbers_listed(client):
    html = client.get(INDEX).content.decode()
    return {n for n in ("2024050101", "2024050201", "2024010101", "2024510101", "2024999901") if n in html}


@pytest.mark.parametrize(
    "who, expected",
    [
        ("floor_head", {"2024050101", "2024050201"}),
        ("other_floor_head", {"2024010101"}),
        ("building_head", {"2024050101", "2024050201", "2024010101"}),
        ("community_head", {"2024050101", "2024050201", "2024010101", "2024510101"}),
        ("other_community_head", set()),
        ("office", {"2024050101", "2024050201", "2024010101", "2024510101", "2024999901"}),
    ],
)
def test_listing_is_scoped(client, roster, roster_users, who, expected):
    client.force_login(roster_users[who])
    assert numbers_listed(client) == expected


def test_export_holds_only_the_scope(client, roster, roster_users):
    client.force_login(roster_users["floor_head"])
    text = client.get(INDEX + "?export=csv").content.decode("utf-8-sig")
    assert "2024050101" in text and "2024010101" not in text and "2024510101" not in text
    assert client.get(INDEX + "?export=xlsx").status_code == 200


def test_student_page_and_move_are_scoped(client, roster, roster_users):
    mine, other = roster["students"]["502-1"], roster["students"]["101-1"]
    client.force_login(roster_users["floor_head"])
    assert client.get(f"{INDEX}{mine.pk}/record/").status_code == 200
    assert client.get(f"{INDEX}{other.pk}/record/").status_code in (302, 403)
    assert client.post(f"{INDEX}{other.pk}/record/", {"room": "庠园3栋503", "bed": 1, "reason": "x"}).status_code in (302, 403)
    assert not other.moves.exists()
    # A room outside the floor is refused, the typed values kept.
    response = client.post(f"{INDEX}{mine.pk}/record/", {"room": "庠园3栋102", "bed": 1, "reason": "调寝"})
    assert response.status_code == 200 and 'value="调寝"' in response.content.decode()
    response = client.post(f"{INDEX}{mine.pk}/record/", {"room": "庠园3栋503", "bed": 2, "reason": "调寝"})
    assert response.status_code == 302
    move = RoomMove.objects.get(student=mine, reason="调寝")
    assert (move.from_room.number, move.from_bed, move.to_room.number, move.to_bed) == ("502", 1, "503", 2)
    assert move.moved_by == roster_users["floor_head"]


def test_taken_bed_is_refused_with_the_input_kept(client, roster, roster_users):
    student = roster["students"]["502-1"]
    client.force_login(roster_users["floor_head"])
    response = client.post(f"{INDEX}{student.pk}/record/", {"room": "庠园3栋501", "bed": 1, "reason": "换床"})
    html = response.content.decode()
    assert response.status_code == 200 and 'value="换床"' in html
    student.refresh_from_db()
    assert student.room.number == "502"


def test_only_the_office_adds_and_edits(client, roster, roster_users):
    client.force_login(roster_users["building_head"])
    assert client.get(INDEX + "new/").status_code in (302, 403)
    client.force_login(roster_users["office"])
    assert client.get(INDEX + "new/").status_code == 200


def test_nobody_outside_the_grid_gets_the_roster(client, roster, roster_users):
    client.force_login(roster_users["nobody"])
    assert client.get(INDEX).status_code in (302, 403)


def test_beds_screen_marks_empty_beds_in_scope(client, roster, roster_users):
    floor5 = roster["rooms"]["502"].floor
    floor1 = roster["rooms"]["101"].floor
    client.force_login(roster_users["floor_head"])
    assert client.get(f"/admin/roster/beds/{floor1.pk}/").status_code in (302, 403)
    html = client.get(f"/admin/roster/beds/{floor5.pk}/").content.decode()
    assert "张伟1" in html
    room = roster["rooms"]["502"]
    client.post(f"/admin/roster/beds/{floor5.pk}/", {"room": room.pk, "bed": 4, "empty": "1"})
    assert room.grid_empty_beds.filter(bed=4).exists()


def test_listing_queries_do_not_grow_with_rows(client, roster, roster_users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.roster.conftest import student

    client.force_login(roster_users["office"])
    client.get(INDEX)
    with CaptureQueriesContext(connection) as before:
        client.get(INDEX)
    for room in roster["rooms"]["502"].floor.specific.grid_rooms.all():
        taken = set(room.grid_students.values_list("bed", flat=True))
        for bed in set(range(1, room.beds + 1)) - taken:
            student(f"20248{room.pk:03d}{bed}", f"学生{room.pk}{bed}", room, bed)
    with CaptureQueriesContext(connection) as after:
        client.get(INDEX)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_dashboard_figures_are_scoped(client, roster, roster_users):
    import re

    def figure(label):
        html = client.get("/admin/cases/dashboard/").content.decode()
        match = re.search(rf"<dt>{label}</dt><dd>(?:<a [^>]*>)?(\d+)", html)
        return int(match.group(1)) if match else None

    client.force_login(roster_users["floor_head"])
    assert figure("在住学生") == 6 and figure("无寝室的学生") is None
    client.force_login(roster_users["office"])
    assert figure("在住学生") == 9 and figure("无寝室的学生") == 1
