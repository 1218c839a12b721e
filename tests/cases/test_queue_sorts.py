"""The deadline and status sorts: the columns the database derives from the status, and cursor
pages over them (pagination.py ``grouped``) that skip and repeat no row, either way."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse

from grid_pages.cases import services
from grid_pages.cases.models import FINISHED_STATUSES, Case, CaseRating, CaseStatus

from .queue_support import INDEX, listed_codes
from .test_queue_pagination import link

pytestmark = pytest.mark.django_db

LOOP = list(CaseStatus)


def assert_columns(case):
    """The stored columns, and the instance's (read again after a save), follow the status."""
    stored = Case.objects.values_list("status", "status_order", "finished").get(pk=case.pk)
    expected = (case.status, LOOP.index(case.status), int(case.status in FINISHED_STATUSES))
    assert stored == expected
    assert (case.status_order, case.finished) == expected[1:]


def test_the_sort_columns_follow_every_change_of_status(campus, submit, users):
    office = users["office"]
    case = submit(campus["x3"], "502", matter="门窗")
    assert_columns(case)
    steps = [
        lambda c: services.accept(c, office),
        lambda c: services.start(c, office),
        lambda c: services.resolve(c, office, "已修好"),
        lambda c: services.rate(c, rating=CaseRating.UNSATISFIED, comment="还是坏的"),
        lambda c: services.resolve(c, office, "换了新锁"),
        lambda c: services.close(c, office),
        lambda c: services.reopen(c, office, "又坏了"),
        lambda c: services.reject(c, office, "人为损坏"),
        lambda c: services.reopen(c, office, "重新核实"),
        lambda c: services.escalate(c, office, "超时"),
        lambda c: services.mark_duplicate(c, office, submit(campus["x3"], "502", matter="门窗")),
    ]
    for step in steps:
        case = step(case)
        assert_columns(case)
    other = submit(campus["x3"], "501", matter="门窗")
    services.reply(other, office, "明天维修")  # answering a new case accepts it
    assert_columns(Case.objects.get(pk=other.pk))
    services.resolve(other, office, "好了")
    Case.objects.filter(pk=other.pk).update(resolved_at=other.submitted_at - timedelta(days=60))
    assert [c.pk for c in services.close_expired_followups()] == [other.pk]
    assert_columns(Case.objects.get(pk=other.pk))
    # Even a write that bypasses the services cannot leave them behind.
    Case.objects.filter(pk=other.pk).update(status=CaseStatus.NEW)
    assert_columns(Case.objects.get(pk=other.pk))


@pytest.fixture
def loop_cases(campus, submit, users):
    """Nine cases in every status, three of them sharing a deadline (ties broken by pk)."""
    office = users["office"]
    cases = [submit(campus["x3"], "502", description=f"第{i}号") for i in range(8)]
    cases.append(submit(campus["x5"], "101", description="第8号"))
    services.accept(cases[1], office)
    services.start(cases[2], office)
    services.resolve(cases[3], office, "好了")
    services.close(services.resolve(cases[4], office, "好了"), office)
    services.reject(cases[5], office, "不属实")
    services.reject(cases[6], office, "重复")
    Case.objects.filter(pk__in=[cases[0].pk, cases[7].pk, cases[8].pk]).update(due_at=cases[0].due_at)
    return cases


def expected(ordering, user=None, **filters):
    """The queue's order computed apart from the view: what one long page would list."""
    rows = list(Case.objects.filter(**filters))
    if user is not None:
        from grid_pages.cases import scope

        rows = [r for r in rows if scope.can_view(user, r)]
    descending = ordering.startswith("-")
    sign = -1 if descending else 1
    if ordering.lstrip("-") == "due_at":
        def key(r):
            return (r.status in FINISHED_STATUSES, sign * r.due_at.timestamp(), sign * r.pk)
    else:
        def key(r):
            return (sign * LOOP.index(r.status), sign * r.pk)
    return [r.display_code for r in sorted(rows, key=key)]


def walk(client, params):
    """Every page by the older links, then back from the oldest page by the newer links."""
    index = reverse(INDEX)
    forward, response = [], client.get(index, params)
    while True:
        forward.append(listed_codes(response))
        older = link(response, "next")
        if older is None:
            break
        response = client.get(older)
    backward, response = [], client.get(index, {**params, "last": 1})
    while True:
        backward.insert(0, listed_codes(response))
        newer = link(response, "prev")
        if newer is None:
            break
        response = client.get(newer)
    return forward, backward


@override_settings(GRID_PAGES_CASES_QUEUE_PAGE_SIZE=2)
@pytest.mark.parametrize("ordering", ["due_at", "-due_at", "status", "-status"])
def test_sorted_pages_cross_every_group_without_gaps_or_repeats(client, users, loop_cases, ordering):
    client.force_login(users["office"])
    forward, backward = walk(client, {"ordering": ordering})
    assert sum(forward, []) == expected(ordering) and len(sum(forward, [])) == 9
    assert all(len(page) == 2 for page in forward[:-1])
    # Back from the oldest page: the same rows in the same order (the pages may split differently).
    assert sum(backward, []) == expected(ordering)


@override_settings(GRID_PAGES_CASES_QUEUE_PAGE_SIZE=2)
@pytest.mark.parametrize("ordering", ["due_at", "-due_at"])
def test_deadline_sort_within_open_cases_pages_by_deadline_alone(client, users, loop_cases, ordering):
    client.force_login(users["office"])
    params = {"ordering": ordering, "status": [CaseStatus.NEW, CaseStatus.ACCEPTED]}
    forward, backward = walk(client, params)
    want = expected(ordering, status__in=params["status"])
    assert sum(forward, []) == want == sum(backward, []) and len(want) == 4


@override_settings(GRID_PAGES_CASES_QUEUE_PAGE_SIZE=2)
@pytest.mark.parametrize("ordering", ["due_at", "status"])
def test_a_building_head_pages_through_their_building_only(client, users, loop_cases, ordering):
    head = users["building_head"]
    client.force_login(head)
    forward, backward = walk(client, {"ordering": ordering})
    want = expected(ordering, user=head)
    assert sum(forward, []) == want == sum(backward, []) and len(want) == 8
    assert loop_cases[8].display_code not in want  # the x5 case


@override_settings(GRID_PAGES_CASES_QUEUE_COUNT_LIMIT=3)
def test_the_match_count_stops_at_its_limit_and_says_so(client, users, loop_cases):
    client.force_login(users["office"])
    many = client.get(reverse(INDEX), {"kind": "repair"})
    assert "There are more than 3 matches" in many.content.decode() and len(listed_codes(many)) == 9
    few = client.get(reverse(INDEX), {"status": CaseStatus.NEW})
    assert "There are 3 matches" in few.content.decode()  # exactly the limit: counted, not capped
