"""Two handlers acting on one case at the same moment: one wins, the other is told, nothing is lost."""

import threading

import pytest
from django.db import connection

from grid_pages.cases import services
from grid_pages.cases.models import Case, CaseStatus

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*actions):
    """Run callables in threads released at once; returns their results or exceptions."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def worker(i, action):
        try:
            barrier.wait()
            results[i] = action()
        except Exception as error:  # noqa: BLE001 - the test inspects what each got
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_two_handlers_on_one_case_one_wins_one_is_told(campus, submit, grid_users, shared_database):
    case = submit(campus["x3"], "502", matter="门窗")
    seen = case.version
    results = run_together(
        lambda: services.accept(Case.objects.get(pk=case.pk), grid_users["floor_head"], version=seen),
        lambda: services.reject(Case.objects.get(pk=case.pk), grid_users["building_head"], "不属实", version=seen),
    )
    won = [r for r in results if isinstance(r, Case)]
    told = [r for r in results if isinstance(r, services.CaseChanged)]
    assert len(won) == 1 and len(told) == 1, results
    case.refresh_from_db()
    assert case.status in (CaseStatus.ACCEPTED, CaseStatus.REJECTED)
    assert case.version == seen + 1
    assert case.events.count() == 2  # submitted + the winner's step only


def test_notes_from_two_handlers_at_once_are_both_kept(campus, submit, grid_users, shared_database):
    case = submit(campus["x3"], "502", matter="门窗")
    results = run_together(
        lambda: services.add_note(Case.objects.get(pk=case.pk), grid_users["floor_head"], "层长备注"),
        lambda: services.add_note(Case.objects.get(pk=case.pk), grid_users["building_head"], "楼长备注"),
    )
    assert all(isinstance(r, Case) for r in results), results
    assert set(case.events.filter(action="note").values_list("text", flat=True)) == {"层长备注", "楼长备注"}


def test_many_reports_at_once_lose_nothing(campus, matters, shared_database):
    from tests.cases.conftest import room_of

    rooms = [room_of(campus["x3"], n) for n in ("101", "102", "103", "201", "202", "203", "301", "302")]
    category = matters[("repair", "电")]
    results = run_together(
        *[
            (lambda room=room: services.submit_case(kind="repair", category=category, room=room, description=f"{room.number} 灯不亮"))
            for room in rooms
        ]
    )
    assert all(isinstance(r, tuple) for r in results), results
    assert Case.objects.count() == len(rooms)
    assert len(set(Case.objects.values_list("code", flat=True))) == len(rooms)
    assert all(c.events.count() == 1 for c in Case.objects.all())


def test_closing_unanswered_follow_ups_twice_at_once_closes_each_once(campus, submit, shared_database):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    cases = [services.resolve(submit(campus["x3"], "502", matter="门窗"), None, "好了") for _ in range(3)]
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(resolved_at=now - timedelta(days=8))
    results = run_together(
        lambda: services.close_expired_followups(now=now), lambda: services.close_expired_followups(now=now)
    )
    assert all(isinstance(r, list) for r in results), results
    assert sorted(c.pk for r in results for c in r) == sorted(c.pk for c in cases)
    for case in cases:
        assert case.events.filter(action="followup_expired").count() == 1
        assert Case.objects.get(pk=case.pk).followup_expired
