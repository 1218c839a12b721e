"""The leadership dashboard: figures against hand-computed values on a fixed data set, scope, queries."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grid_pages.cases import dashboard
from grid_pages.cases.models import Case, CaseRating, CaseStatus

URL = "grid_cases_dashboard:index"
PERIOD = dashboard.Period(date(2026, 9, 7), date(2026, 9, 20))  # Monday to Sunday, two weeks
OPEN, RESOLVED, CLOSED = CaseStatus.NEW, CaseStatus.RESOLVED, CaseStatus.CLOSED
SAT, BASIC, UNSAT = CaseRating.SATISFIED, CaseRating.BASICALLY, CaseRating.UNSATISFIED


def d(day, hour):
    return timezone.make_aware(datetime(2026, 9, day, hour))


NOW = d(25, 12)

# building, submitted, response due, first response, resolution due, resolved, status, escalations, rating, unanswered
ROWS = [
    ("x3", d(7, 9), d(8, 9), d(7, 11), d(10, 9), d(9, 9), CLOSED, 0, SAT, False),  # 1: 2 h, 48 h
    ("x3", d(8, 10), d(9, 10), d(9, 14), d(11, 10), d(12, 10), RESOLVED, 1, UNSAT, False),  # 2: both late
    ("x3", d(15, 8), d(16, 8), None, d(18, 8), None, OPEN, 0, "", False),  # 3: open, both overdue
    ("x3", d(16, 9), d(17, 9), d(16, 13), d(19, 9), None, CaseStatus.IN_PROGRESS, 2, "", False),  # 4: resolution overdue
    ("x5", d(9, 9), d(10, 9), d(9, 15), d(12, 9), d(10, 9), CLOSED, 0, BASIC, False),  # 5: 6 h, 24 h
    ("x5", d(14, 9), d(15, 9), d(14, 10), d(17, 9), d(15, 21), CLOSED, 0, "", True),  # 6: follow-up unanswered
    ("x5", d(20, 9), d(28, 9), None, d(30, 9), None, OPEN, 0, "", False),  # 7: open, deadlines ahead
    ("q3", d(10, 9), d(11, 9), d(10, 17), d(13, 9), d(11, 9), CLOSED, 0, SAT, False),  # 8: 8 h, 24 h
    ("q3", d(18, 9), d(19, 9), d(18, 12), d(21, 9), d(22, 9), RESOLVED, 0, "", False),  # 9: resolved late, after the period
    ("x3", d(3, 9), d(4, 9), d(3, 10), d(6, 9), d(8, 9), CLOSED, 0, SAT, False),  # 10: received before, resolved in week 1
    ("x5", d(21, 9), d(22, 9), None, d(24, 9), None, OPEN, 0, "", False),  # 11: received after the period
]


@pytest.fixture
def fixed_cases(campus, submit):
    cases = []
    for building, submitted, resp_due, responded, due, resolved, status, escalations, rating, unanswered in ROWS:
        case = submit(campus[building], "101")
        Case.objects.filter(pk=case.pk).update(
            submitted_at=submitted, response_due_at=resp_due, first_response_at=responded, due_at=due,
            resolved_at=resolved, status=status, escalations=escalations, rating=rating, followup_expired=unanswered,
        )
        cases.append(case)
    return cases


def test_figures_match_hand_computed_values(campus, fixed_cases):
    board = dashboard.compute(Case.objects.all(), PERIOD, NOW)
    total = board.total
    assert (total.received, total.open, total.response_overdue, total.resolution_overdue, total.overdue) == (9, 3, 2, 4, 4)
    assert total.escalations == 3
    assert (total.rated, total.satisfied, total.unanswered) == (4, 3, 1)
    assert total.satisfaction_rate == 0.75 and total.followup_rate == 0.8
    # First responses 1, 2, 3, 4, 6, 8, 28 h -> 4 h; resolutions 24, 24, 36, 48, 96, 96 h -> 42 h.
    assert total.median_response == timedelta(hours=4)
    assert total.median_resolution == timedelta(hours=42)

    # Worst first: x3 (3 past a deadline), 沁园 3 (1), x5 (0).
    x3, q3, x5 = board.buildings
    assert [b.key for b in board.buildings] == [campus["x3"].pk, campus["q3"].pk, campus["x5"].pk]
    assert (x3.received, x3.open, x3.overdue, x3.response_overdue, x3.resolution_overdue) == (4, 2, 3, 2, 3)
    assert x3.satisfaction_rate == 0.5 and x3.followup_rate == 1
    assert x3.median_response == timedelta(hours=4) and x3.median_resolution == timedelta(hours=72)
    assert (x5.received, x5.open, x5.overdue, x5.satisfaction_rate, x5.followup_rate) == (3, 1, 0, 1, 0.5)
    assert x5.median_response == timedelta(hours=3.5) and x5.median_resolution == timedelta(hours=30)
    assert (q3.received, q3.overdue, q3.median_response, q3.median_resolution) == (2, 1, timedelta(hours=5.5), timedelta(hours=60))
    assert q3.community == "沁园社区"

    assert {c.name: (c.received, c.overdue) for c in board.communities} == {"庠园社区": (7, 3), "沁园社区": (2, 1)}
    # Week of 7 September: received 1, 2, 5, 8; resolved 10, 1, 5, 8 and 2 (Saturday 12th).
    assert [(w.start, w.received, w.resolved) for w in board.weeks] == [(date(2026, 9, 7), 4, 5), (date(2026, 9, 14), 5, 1)]


def test_overdue_is_seen_as_of_now(fixed_cases):
    # Before case 7's response deadline, after case 3's: nothing else changes in the cohort.
    assert dashboard.compute(Case.objects.all(), PERIOD, d(29, 12)).total.response_overdue == 3
    assert dashboard.compute(Case.objects.all(), PERIOD, d(15, 12)).total.response_overdue == 1


def test_presets():
    today = date(2026, 11, 30)  # a Monday
    assert dashboard.preset_period("week", today) == dashboard.Period(date(2026, 11, 30), date(2026, 12, 6))
    assert dashboard.preset_period("month", today) == dashboard.Period(date(2026, 11, 1), date(2026, 11, 30))
    assert dashboard.preset_period("term", today) == dashboard.Period(date(2026, 8, 1), date(2027, 1, 31))
    assert dashboard.preset_period("term", date(2027, 1, 10)) == dashboard.Period(date(2026, 8, 1), date(2027, 1, 31))
    assert dashboard.preset_period("term", date(2027, 3, 1)) == dashboard.Period(date(2027, 2, 1), date(2027, 7, 31))


def figure(html, name):
    marker = f'data-figure="{name}">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)]


PERIOD_QUERY = {"start": "2026-09-07", "end": "2026-09-20"}


@pytest.mark.parametrize(
    "role, received",
    [("office", "9"), ("community_head", "7"), ("building_head", "4"), ("other_community_head", "2")],
)
def test_dashboard_is_scoped(client, users, fixed_cases, role, received):
    client.force_login(users[role])
    response = client.get(reverse(URL), PERIOD_QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert figure(html, "received") == received
    assert '<svg class="grid-chart"' in html and "<title id=\"trend-title\">" in html
    if role == "building_head":
        assert "沁园社区" not in html and "庠园5栋" not in html


def test_dashboard_filters_a_building_and_refuses_outsiders(client, users, campus, fixed_cases):
    client.force_login(users["office"])
    html = client.get(reverse(URL), {**PERIOD_QUERY, "building": campus["x5"].pk}).content.decode()
    assert figure(html, "received") == "3" and figure(html, "satisfaction") == "100.0%"
    assert figure(html, "followup") == "50.0%"
    client.force_login(users["room_head"])
    response = client.get(reverse(URL))
    assert response.status_code in (302, 403)


def test_dashboard_queries_do_not_grow_with_cases(client, users, campus, submit, django_assert_max_num_queries):
    client.force_login(users["office"])
    query = {"start": "2026-01-01", "end": "2026-12-31"}
    submit(campus["x3"], "101")
    with django_assert_max_num_queries(40) as few:
        client.get(reverse(URL), query)
    for building in ("x5", "q3", "x5", "x3"):
        submit(campus[building], "101")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(URL), query)


def test_other_sub_apps_add_panels_through_a_hook(client, users, campus, fixed_cases):
    from wagtail import hooks

    seen = []

    def panel(request, period, place):
        seen.append((request.user.username, period.start, place["building"]))
        return {"title": "巡查<台账>", "figures": [("已查寝室", 12, "/x/"), ("未整改", 3, None)]}

    client.force_login(users["office"])
    with hooks.register_temporarily("grid_dashboard_panels", panel):
        html = client.get(reverse(URL), {**PERIOD_QUERY, "building": campus["x5"].pk}).content.decode()
    assert seen and seen[0][0] == users["office"].username and seen[0][2].pk == campus["x5"].pk
    assert "巡查&lt;台账&gt;" in html and '<a href="/x/">12</a>' in html and "<dd>3</dd>" in html
