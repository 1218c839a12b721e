"""The whole closed loop through HTTP: a student reports, the grid answers, the student follows it.

学生反映 (intake page) → 集中转办 (routed to the floor, referred up) → 限期反馈 (reply, result)
→ 跟踪问效 (closed after follow-up), each step seen on the tracking page.
"""

import io
import re

import pytest
from django.core import mail
from PIL import Image

from grid_pages.cases.models import Case, CaseStatus, HandlingLevel, RepairRequestPage
from tests.cases.queue_support import action_url, detail_url


@pytest.fixture
def repair_page(campus):
    page = campus["home"].add_child(instance=RepairRequestPage(title="报修", slug="repair"))
    page.save_revision().publish()
    return page


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "door.jpg"
    return buffer


def student_reports(client, page, matters, **fields):
    html = client.get(page.url).content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)
    data = {
        "category": matters[("repair", "门窗")].pk,
        "room": "庠园3栋502",
        "description": "寝室门锁坏了，关不上",
        "email": "student@example.edu.cn",
        "submission_token": token,
        "photos": jpeg(),
        **fields,
    }
    response = client.post(page.url, data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    track_url = re.search(r'href="(/track/[2-9A-Z]{8}/)"', html).group(1)
    return Case.objects.get(code=track_url.split("/")[2]), track_url


def act(client, case, action, **fields):
    case.refresh_from_db()
    data = {f"{action}-{name}": value for name, value in {"version": case.version, **fields}.items()}
    response = client.post(action_url(case, action), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    return case


def test_report_answer_follow(client, repair_page, matters, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case, track_url = student_reports(client, repair_page, matters)
    assert case.status == CaseStatus.NEW and case.handling_level == HandlingLevel.FLOOR
    assert case.photos.count() == 1
    floor_head = users["floor_head"]
    assert floor_head.grid_staff_profiles.get().email in {a for m in mail.outbox for a in m.to}

    page = client.get(track_url).content.decode()
    assert case.display_code in page and "寝室门锁坏了" in page

    staff = type(client)()
    staff.force_login(floor_head)
    assert case.display_code in staff.get("/admin/cases/queue/").content.decode()
    assert "寝室门锁坏了" in staff.get(detail_url(case)).content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = act(staff, case, "accept")
        case = act(staff, case, "note", text="内部：已联系后勤维修班")
        case = act(staff, case, "reply", text="已安排维修师傅明天上午上门")
    assert case.status == CaseStatus.ACCEPTED
    # The student hears of the acceptance and of the reply, never of the note.
    assert [m.to for m in mail.outbox] == [["student@example.edu.cn"]] * 2
    assert "已受理" in mail.outbox[0].subject and "已安排维修师傅明天上午上门" in mail.outbox[1].body
    assert all("内部" not in m.body for m in mail.outbox)

    page = client.get(track_url).content.decode()
    assert "已安排维修师傅明天上午上门" in page
    assert "内部：已联系后勤维修班" not in page

    # The floor cannot finish it: refer it to the building, whose head resolves it.
    case = act(staff, case, "escalate", reason="需要更换整套门锁")
    assert case.handling_level == HandlingLevel.BUILDING
    building = type(client)()
    building.force_login(users["building_head"])
    case = act(building, case, "resolve", resolution="门锁已更换，请试用")
    case = act(building, case, "close", text="回访：学生确认已修好")
    assert case.status == CaseStatus.CLOSED

    page = client.get(track_url).content.decode()
    assert "门锁已更换，请试用" in page
    assert list(case.events.values_list("action", flat=True)) == [
        "submitted", "accepted", "note", "replied", "escalated", "resolved", "closed"
    ]


def test_rejection_reason_reaches_the_student(client, repair_page, matters, users):
    case, track_url = student_reports(client, repair_page, matters, description="想换一间大一点的寝室")
    staff = type(client)()
    staff.force_login(users["building_head"])
    case = act(staff, case, "reject", reason="调换寝室请向辅导员申请，不属于报修")
    assert case.status == CaseStatus.REJECTED
    page = client.get(track_url).content.decode()
    assert "调换寝室请向辅导员申请，不属于报修" in page


def test_another_buildings_head_cannot_touch_the_case(client, repair_page, matters, users):
    case, _track = student_reports(client, repair_page, matters)
    other = type(client)()
    other.force_login(users["other_building_head"])
    assert other.get(detail_url(case)).status_code == 404
    response = other.post(action_url(case, "accept"), {"accept-version": case.version})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW and case.events.count() == 1
