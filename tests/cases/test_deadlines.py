"""Deadlines in working days per matter and per level, reminders, automatic escalation up the
grid with the right people told, and how the deadlines show to students and staff."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from grid_pages.cases import periodic, services
from grid_pages.cases.models import Case, CaseEvent, CaseKind, HandlingLevel, LevelDeadline
from grid_pages.models import GridAssignment
from tests.cases.queue_support import INDEX, action_url, listed_codes

SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return dt.datetime(*args, tzinfo=SH)


@pytest.fixture
def clock(monkeypatch):
    """clock.set(datetime): the services' ``timezone.now`` from then on."""

    class Clock:
        def set(self, moment):
            monkeypatch.setattr(timezone, "now", lambda: moment)
            return moment

    return Clock()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def run(*args):
    out = StringIO()
    call_command("run_periodic", *args, stdout=out)
    return out.getvalue()


def head_email(page, role):
    return GridAssignment.objects.select_related("staff").filter(page=page, role=role).first().staff.email


def test_a_case_gets_its_matters_deadlines_in_working_days(campus, submit, clock):
    clock.set(at(2026, 9, 30, 10))
    case = submit(campus["x3"], "502", matter="门窗")  # respond within 1 working day, resolve within 3
    assert case.response_due_at == at(2026, 10, 8, 10)  # National Day does not count
    assert case.due_at == at(2026, 10, 10, 10)  # Saturday 10-10 is a make-up working day
    # The reminders fall 4 working hours before each deadline.
    assert case.response_remind_at == at(2026, 9, 30, 15, 30)
    assert case.resolution_remind_at == at(2026, 10, 9, 15, 30)


def test_each_level_gets_fresh_deadlines_of_its_own(campus, submit, clock, matters):
    LevelDeadline.objects.update_or_create(
        level=HandlingLevel.BUILDING,
        defaults={"response_time": 2, "response_unit": "working_hours", "resolution_time": 1},
    )
    clock.set(at(2026, 10, 8, 9))
    case = submit(campus["x3"], "502", matter="门窗")
    clock.set(at(2026, 10, 9, 16))
    case = services.escalate(case, None, "超时")
    assert case.handling_level == HandlingLevel.BUILDING
    assert (case.response_due_at, case.due_at) == (at(2026, 10, 10, 8, 30), at(2026, 10, 10, 16))
    # The community has no row: the matter's own deadlines again, from the referral.
    case = services.escalate(case, None, "超时")
    assert (case.response_due_at, case.due_at) == (at(2026, 10, 10, 16), at(2026, 10, 13, 16))


def test_the_first_response_is_recorded_once_and_skipped_steps_are_not_claimed(
    client, campus, submit, grid_users, clock
):
    clock.set(at(2026, 10, 8, 9))
    case = submit(campus["x3"], "502", matter="门窗")
    clock.set(at(2026, 10, 8, 11))
    case = services.reply(case, grid_users["floor_head"], "明天上午来修")
    clock.set(at(2026, 10, 9, 11))
    case = services.resolve(case, grid_users["floor_head"], "已修好")
    assert case.first_response_at == at(2026, 10, 8, 11) and case.response_deadline_met is True

    straight = submit(campus["x3"], "501", matter="门窗")
    straight = services.resolve(straight, grid_users["floor_head"], "已修好")
    assert straight.accepted_at is None and straight.first_response_at == at(2026, 10, 9, 11)
    steps = client.get(f"/en/track/{straight.code}/").content.decode()
    assert "Resolved" in steps and "Accepted" not in steps and "In progress" not in steps


def test_overdue_cases_go_up_the_grid_and_each_level_is_told(campus, submit, grid_users, clock, on_commit, matters):
    """Floor -> building -> community -> office -> department, by the deadlines alone."""
    office = grid_users["office"]
    department = matters[(CaseKind.REPAIR, "空调")].department
    department.email = "houqin@example.edu.cn"
    department.save()
    door = matters[(CaseKind.REPAIR, "门窗")]
    door.department = department
    door.save()
    clock.set(at(2026, 10, 8, 9))
    case = submit(campus["x3"], "502", matter="门窗")
    expected = [
        (HandlingLevel.BUILDING, head_email(campus["x3"], "building_head")),
        (HandlingLevel.COMMUNITY, head_email(campus["xiangyuan"], "community_head")),
        (HandlingLevel.OFFICE, office.email),
        (HandlingLevel.DEPARTMENT, "houqin@example.edu.cn"),
    ]
    for level, address in expected:
        case.refresh_from_db()
        clock.set(case.response_due_at + dt.timedelta(minutes=1))  # nobody responded in time
        mail.outbox.clear()
        with on_commit():
            assert "escalate_overdue: 1 done." in run("--only", "escalate_overdue")
        case.refresh_from_db()
        assert case.handling_level == level
        assert mail.outbox and all(address in m.to for m in mail.outbox), (level, [m.to for m in mail.outbox])
    assert case.handling_department == department and case.department == department.name
    event = case.events.filter(action=CaseEvent.Action.ESCALATED).last()
    assert event.public and event.data == {"from": "office", "to": "department"} and event.text
    # At the top it stays, visibly overdue.
    clock.set(case.due_at + dt.timedelta(hours=1))
    assert "escalate_overdue: 0 done." in run("--only", "escalate_overdue")
    assert Case.objects.filter(pk=case.pk).overdue(timezone.now()).exists()


def test_reminders_go_out_once_before_each_deadline(campus, submit, clock, on_commit):
    clock.set(at(2026, 10, 8, 9))
    case = submit(campus["x3"], "502", matter="门窗")
    mail.outbox.clear()
    clock.set(case.response_remind_at + dt.timedelta(minutes=1))
    with on_commit():
        assert "send_reminders: 1 done." in run("--only", "send_reminders")
    with on_commit():
        assert "send_reminders: 0 done." in run("--only", "send_reminders")
    floor = campus["x3"].get_children().get(slug="f5")
    assert [m.to for m in mail.outbox] == [[head_email(floor, "floor_head")]]
    assert case.display_code in mail.outbox[0].subject
    assert case.events.filter(action=CaseEvent.Action.REMINDED, public=False).count() == 1


def test_dry_run_changes_nothing(campus, submit, clock):
    clock.set(at(2026, 10, 8, 9))
    case = submit(campus["x3"], "502", matter="门窗")
    before = Case.objects.values().get(pk=case.pk)
    clock.set(case.due_at + dt.timedelta(hours=1))
    output = run("--dry-run")
    assert f"Would refer {case.display_code}" in output and "nothing changed" in output
    assert Case.objects.values().get(pk=case.pk) == before


def test_manual_referral_needs_a_reason_the_student_sees(client, campus, submit, grid_users):
    case = submit(campus["x3"], "502", matter="门窗")
    client.force_login(grid_users["floor_head"])
    url = action_url(case, "escalate")
    client.post(url, {"escalate-version": case.version, "escalate-reason": ""})
    assert Case.objects.get(pk=case.pk).escalations == 0
    client.post(url, {"escalate-version": case.version, "escalate-reason": "需要楼长协调"})
    case.refresh_from_db()
    assert case.escalations == 1
    page = client.get(f"/en/track/{case.code}/").content.decode()
    assert "Referred to the building level" in page and "需要楼长协调" in page


def test_queue_filters_overdue_response_and_resolution_apart(client, campus, submit, grid_users):
    now = timezone.now()
    unanswered = submit(campus["x3"], "502", matter="门窗")
    late = submit(campus["x3"], "501", matter="门窗")
    on_time = submit(campus["x3"], "503", matter="门窗")
    Case.objects.filter(pk=unanswered.pk).update(response_due_at=now - dt.timedelta(hours=1))
    services.accept(late, None)
    Case.objects.filter(pk=late.pk).update(response_due_at=now - dt.timedelta(hours=2), due_at=now - dt.timedelta(hours=1))
    client.force_login(grid_users["building_head"])
    codes = lambda **query: set(listed_codes(client.get(reverse(INDEX), query)))  # noqa: E731
    assert codes(response_overdue="true") == {unanswered.display_code}
    assert codes(overdue="true") == {late.display_code}
    assert on_time.display_code in codes(response_overdue="false", overdue="false")
    listing = client.get(reverse(INDEX)).content.decode()
    assert "First response overdue" in listing or "首次响应超期" in listing


def test_tracking_page_shows_the_deadlines_and_time_left(client, campus, submit):
    case = submit(campus["x3"], "502", matter="门窗")
    page = client.get(f"/en/track/{case.code}/").content.decode()
    assert "Resolution due" in page and "First response due" in page
    assert timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M") in page
    assert "working day" in page or "working hour" in page


@pytest.mark.django_db(transaction=True)
def test_two_periodic_runs_at_once_refer_a_case_once(campus, submit, shared_database):
    from tests.cases.test_concurrency import run_together

    case = submit(campus["x3"], "502", matter="门窗")
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    Case.objects.filter(pk=case.pk).update(resolution_remind_at=timezone.now() - dt.timedelta(hours=2))
    jobs = ["escalate_overdue", "send_reminders"]
    results = run_together(lambda: periodic.run(only=jobs), lambda: periodic.run(only=jobs))
    assert all(isinstance(r, list) and not any(o.error for o in r) for r in results), results
    case.refresh_from_db()
    assert case.escalations == 1 and case.handling_level == HandlingLevel.BUILDING
    assert case.events.filter(action=CaseEvent.Action.ESCALATED).count() == 1
    assert case.events.filter(action=CaseEvent.Action.REMINDED).count() <= 1


def test_the_jobs_are_a_task_of_the_task_framework_too(campus, submit):
    case = submit(campus["x3"], "502", matter="门窗")
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    result = periodic.run_periodic_task.enqueue(only=["escalate_overdue"])  # the immediate backend
    assert result.return_value == {"escalate_overdue": 1}
    assert Case.objects.get(pk=case.pk).handling_level == HandlingLevel.BUILDING


def test_the_office_keeps_departments_and_level_deadlines(client, grid_users):
    from tests.cases.queue_support import refused

    pages = [
        reverse("wagtailsnippets_grid_cases_department:list"),
        reverse("wagtailsnippets_grid_cases_department:add"),
        reverse("wagtailsnippets_grid_cases_leveldeadline:list"),
    ]
    client.force_login(grid_users["office"])
    listing = client.get(pages[0])
    assert listing.status_code == 200 and "后勤保障处" in listing.content.decode()
    assert all(client.get(url).status_code == 200 for url in pages)
    client.force_login(grid_users["building_head"])
    assert all(refused(client.get(url)) for url in pages)


def test_the_follow_up_job_is_called_when_the_services_have_it(monkeypatch, clock, db):
    now = clock.set(at(2026, 10, 8, 9))
    assert "close_expired_followups: 0 done." in run("--only", "close_expired_followups")
    seen = []
    monkeypatch.setattr(
        services, "close_expired_followups", lambda now, dry_run: seen.append(now) or [], raising=False
    )
    assert "close_expired_followups: 0 done." in run("--only", "close_expired_followups")
    assert seen == [now]
