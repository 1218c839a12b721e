"""Case mail after the commit: to handlers on new and referred cases, to students on public steps.

Mail is sent from ``on_commit`` callbacks; ``django_capture_on_commit_callbacks(execute=True)``
runs them as a real commit would.
"""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test.utils import override_settings

from grid_pages.cases import services
from grid_pages.cases.models import Case, CaseEvent, CaseKind, CaseStatus
from grid_pages.models import GridAssignment


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPException("connection refused")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def floor_head_email(campus):
    floor = campus["x3"].get_children().get(slug="f5")
    return GridAssignment.objects.select_related("staff").get(page=floor, role="floor_head").staff.email


def test_handlers_get_mail_about_a_new_case(campus, submit, on_commit):
    with on_commit():
        case = submit(campus["x3"], "502", matter="门窗", phone="13812345678")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    address = floor_head_email(campus)
    assert address and address in message.to
    assert case.display_code in message.subject
    assert "宿舍水龙头漏水" in message.body
    assert "http://testserver/admin/" in message.body
    assert "13812345678" not in message.body


def test_referral_tells_the_next_level(campus, submit, on_commit):
    case = submit(campus["x3"], "502", matter="门窗")
    with on_commit():
        services.escalate(case, None, "超时")
    building_head = GridAssignment.objects.select_related("staff").get(page=campus["x3"], role="building_head")
    assert any(building_head.staff.email in m.to for m in mail.outbox)


def test_student_gets_each_public_step_in_their_language(campus, submit, grid_users, on_commit):
    case = submit(campus["x3"], "502", matter="门窗", email="student@example.cn", language="en")
    mail.outbox.clear()
    with on_commit():
        case = services.reply(case, grid_users["floor_head"], "We will come tomorrow morning.")
    with on_commit():
        services.add_note(case, grid_users["floor_head"], "内部备注")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["student@example.cn"]
    assert "We will come tomorrow morning." in message.body
    assert "Follow your case" in message.body
    assert f"/en/track/{case.code}/" in message.body
    assert message.body.count("http://") == 1
    assert "内部备注" not in message.body


def test_chinese_student_gets_a_chinese_link(campus, submit, grid_users, on_commit):
    case = submit(campus["x3"], "502", matter="门窗", email="student@example.cn", language="zh-hans")
    mail.outbox.clear()
    with on_commit():
        services.reject(case, grid_users["floor_head"], "不属于报修范围")
    assert len(mail.outbox) == 1
    assert f"http://testserver/track/{case.code}/" in mail.outbox[0].body
    assert "不属于报修范围" in mail.outbox[0].body


def test_no_student_mail_without_an_address(campus, submit, grid_users, on_commit):
    case = submit(campus["x3"], "502", matter="门窗")
    anonymous = submit(
        campus["x3"], None, kind=CaseKind.SUGGESTION, anonymous=True, email="hidden@example.cn"
    )
    mail.outbox.clear()
    with on_commit():
        services.reply(case, grid_users["floor_head"], "收到")
        services.reply(anonymous, grid_users["building_head"], "收到")
    assert mail.outbox == []


def test_assignee_is_told(campus, submit, grid_users, on_commit):
    from tests.factories import StaffMemberFactory

    person = StaffMemberFactory(email="worker@example.edu.cn")
    case = submit(campus["x3"], "502", matter="门窗")
    mail.outbox.clear()
    with on_commit():
        services.assign(case, grid_users["office"], person)  # the office assigns anyone but a room head
    assert [m.to for m in mail.outbox] == [["worker@example.edu.cn"]]


@override_settings(EMAIL_BACKEND="tests.cases.test_emails.BrokenBackend")
def test_a_broken_mail_server_loses_nothing(campus, submit, grid_users, on_commit, caplog):
    with on_commit():
        case = submit(campus["x3"], "502", matter="门窗", email="student@example.cn")
    with on_commit():
        case = services.reply(case, grid_users["floor_head"], "明天维修")
    with on_commit():
        services.resolve(case, grid_users["floor_head"], "已修好")
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.RESOLVED
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == [
        "submitted", "replied", "resolved"
    ]
    assert "Could not send" in caplog.text


def test_tracking_link_uses_the_source_pages_site(campus, matters):
    from grid_pages.cases.emails import tracking_url
    from tests.cases.conftest import room_of

    case, _ = services.submit_case(
        kind=CaseKind.REPAIR,
        category=matters[(CaseKind.REPAIR, "门窗")],
        room=room_of(campus["x3"], "502"),
        description="门坏了",
        source_page=campus["xiangyuan"],
    )
    assert tracking_url(case) == f"http://localhost/track/{case.code}/"


def test_receipt_at_once_with_the_code_and_link_in_the_students_language(campus, submit, on_commit):
    with on_commit():
        case = submit(campus["x3"], "502", matter="门窗", email="student@example.cn", language="en")
    receipts = [m for m in mail.outbox if m.to == ["student@example.cn"]]
    assert len(receipts) == 1
    message = receipts[0]
    assert case.display_code in message.subject and case.display_code in message.body
    assert "We received your case" in message.subject
    assert f"http://testserver/en/track/{case.code}/" in message.body


def test_no_receipt_for_anonymous_or_addressless_cases(campus, submit, on_commit):
    with on_commit():
        submit(campus["x3"], None, kind=CaseKind.SUGGESTION, anonymous=True, email="hidden@example.cn")
        submit(campus["x3"], "502", matter="门窗")
    assert all("hidden@example.cn" not in m.to for m in mail.outbox)
    assert all("received" not in m.subject and "收到" not in m.subject for m in mail.outbox)


def test_student_hears_of_acceptance_and_is_asked_to_rate_the_result(campus, submit, grid_users, on_commit):
    case = submit(campus["x3"], "502", matter="门窗", email="student@example.cn", language="zh-hans")
    with on_commit():
        case = services.accept(case, grid_users["floor_head"])
    with on_commit():
        services.resolve(case, grid_users["floor_head"], "已修好")
    accepted, resolved = [m for m in mail.outbox if m.to == ["student@example.cn"]]
    assert "已受理" in accepted.subject
    assert "已修好" in resolved.body and "满意" in resolved.body and "基本满意" in resolved.body
    assert f"http://testserver/track/{case.code}/" in resolved.body
