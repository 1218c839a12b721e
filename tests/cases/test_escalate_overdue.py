"""``manage.py escalate_overdue``: overdue cases move one level up, once per deadline."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from grid_pages.cases import services
from grid_pages.cases.models import Case, CaseEvent, HandlingLevel


def make_overdue(case, hours=1):
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(hours=hours))


def run(*args):
    out = StringIO()
    call_command("escalate_overdue", *args, stdout=out)
    return out.getvalue()


def test_overdue_case_moves_one_level_with_an_event(campus, submit):
    late = submit(campus["x3"], "502", matter="门窗")
    on_time = submit(campus["x3"], "501", matter="门窗")
    make_overdue(late)
    output = run()
    assert late.display_code in output and "escalate_overdue: 1 done." in output
    late.refresh_from_db()
    assert late.handling_level == HandlingLevel.BUILDING
    assert late.handling_node_id == campus["x3"].pk
    assert late.escalations == 1 and late.due_at > timezone.now()
    event = CaseEvent.objects.filter(case=late).last()
    assert event.action == "escalated" and event.public and event.actor is None
    assert event.data == {"from": "floor", "to": "building"}
    on_time.refresh_from_db()
    assert on_time.handling_level == HandlingLevel.FLOOR and on_time.escalations == 0

    # Run again straight away (cron every minute): the new deadline is ahead, nothing moves.
    assert "escalate_overdue: 0 done." in run()
    late.refresh_from_db()
    assert late.escalations == 1


def test_dry_run_changes_nothing(campus, submit):
    case = submit(campus["x3"], "502", matter="门窗")
    make_overdue(case)
    before = Case.objects.values().get(pk=case.pk)
    output = run("--dry-run")
    assert f"Would refer {case.display_code}" in output and "nothing changed" in output
    assert Case.objects.values().get(pk=case.pk) == before
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_finished_and_top_level_cases_stay(campus, submit, grid_users):
    resolved = submit(campus["x3"], "502", matter="门窗")
    services.resolve(resolved, grid_users["floor_head"], "已修好")
    network = submit(campus["x3"], "502", matter="网络")  # already at a department
    make_overdue(resolved)
    make_overdue(network)
    at_office = submit(campus["x3"], "502", matter="门窗")
    services.escalate(at_office, None, level=HandlingLevel.OFFICE)  # 门窗 names no department
    make_overdue(at_office)
    assert "escalate_overdue: 0 done." in run()
    assert Case.objects.get(pk=network.pk).escalations == 0
    assert Case.objects.get(pk=at_office.pk).handling_level == HandlingLevel.OFFICE
