"""Returns confirmed room by room, the unreturned on the return day, and their follow-up."""

import datetime as dt
import io
import uuid

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from grid_pages.holidays import services
from grid_pages.holidays.models import Declaration, FollowUp, Level, Outcome, Plan


def floor_url(holiday, room):
    return f"/admin/holidays/{holiday.pk}/floors/{room.floor_id}/"


def test_floor_round_is_one_idempotent_post_and_scoped(client, holiday, roster, roster_users):
    s = roster["students"]
    client.force_login(roster_users["floor_head"])
    url = floor_url(holiday, roster["rooms"]["502"])
    html = client.get(url).content.decode()
    assert s["502-1"].name in html and s["101-1"].name not in html
    # The browser keeps the ticks as a draft until the server has them (form_draft.js).
    assert f'data-draft-key="holiday-{holiday.pk}-{roster["rooms"]["502"].floor_id}"' in html and "data-draft-clear" not in html
    for _ in range(2):  # a phone resending the round
        response = client.post(url, {"back": [s["502-1"].pk, s["501-1"].pk]})
        assert response.status_code == 302
    assert "data-draft-clear" in client.get(response["Location"]).content.decode()
    assert Declaration.objects.filter(returned_at__isnull=False).count() == 2
    # Unticking corrects a mistake.
    client.post(url, {"back": [s["502-1"].pk]})
    assert set(Declaration.objects.filter(returned_at__isnull=False).values_list("student", flat=True)) == {s["502-1"].pk}
    assert client.get(floor_url(holiday, roster["rooms"]["101"])).status_code in (302, 403)


def test_unreturned_listed_per_floor_on_the_return_day(client, holiday, roster, roster_users):
    s = roster["students"]
    services.declare(holiday, s["502-2"], plan=Plan.STAY)
    services.confirm_returns(holiday, [s["501-1"]], [s["501-1"].pk], user=roster_users["floor_head"])
    client.force_login(roster_users["floor_head"])
    html = client.get(f"/admin/holidays/{holiday.pk}/unreturned/").content.decode()
    for key in ("501-2", "501-3", "501-4", "502-1"):
        assert s[key].name in html and s[key].phone in html
    for key in ("501-1", "502-2", "101-1", "x5-101", "roomless"):
        assert s[key].name not in html
    # The day before the return day, nobody is missing yet.
    assert not services.unreturned(holiday, roster_users["office"], holiday.return_by - dt.timedelta(days=1)).exists()
    assert services.unreturned(holiday, roster_users["office"]).count() == 6


def test_followup_escalates_to_counsellor_then_office_until_reached(holiday, roster, roster_users):
    student = roster["students"]["502-1"]
    start = timezone.make_aware(dt.datetime.combine(holiday.return_by, dt.time(20, 0)))
    opened, _ = services.run_followups(holiday, now=start)
    assert opened == 8
    followup = FollowUp.objects.get(student=student)
    assert followup.level == Level.GRID and followup.due_at > start
    assert services.run_followups(holiday, now=start) == (0, 0)  # idempotent
    services.run_followups(holiday, now=followup.due_at + dt.timedelta(minutes=1))
    followup.refresh_from_db()
    assert followup.level == Level.COUNSELLOR
    services.run_followups(holiday, now=followup.due_at + dt.timedelta(minutes=1))
    followup.refresh_from_db()
    assert followup.level == Level.OFFICE
    token = uuid.uuid4().hex
    for _ in range(2):
        services.record(holiday, student, outcome=Outcome.REACHED, note="已电话联系，在家中，明日返校", user=roster_users["office"],
                        token=token, now=followup.due_at)
    followup.refresh_from_db()
    assert followup.reached_at is not None
    assert [e.outcome for e in followup.events.all()] == [Outcome.ESCALATED, Outcome.ESCALATED, Outcome.REACHED]


def test_followup_form_keeps_input_on_error_and_records(client, holiday, roster, roster_users):
    student = roster["students"]["502-1"]
    client.force_login(roster_users["floor_head"])
    url = f"/admin/holidays/{holiday.pk}/unreturned/"
    response = client.post(url, {"student": student.pk, "token": "t1", "outcome": Outcome.NOTE, "note": ""})
    assert response.status_code == 200 and not FollowUp.objects.exists()
    response = client.post(url, {"student": student.pk, "token": "t2", "outcome": Outcome.ESCALATED, "note": "联系不上"})
    assert response.status_code == 302
    assert FollowUp.objects.get(student=student).level == Level.COUNSELLOR
    other = roster["students"]["101-1"]
    response = client.post(url, {"student": other.pk, "token": "t3", "outcome": Outcome.NOTE, "note": "x"})
    assert response.status_code == 404 and not FollowUp.objects.filter(student=other).exists()


def test_returning_closes_the_followup(holiday, roster, roster_users):
    student = roster["students"]["502-1"]
    services.record(holiday, student, outcome=Outcome.NOTE, note="火车晚点", user=roster_users["floor_head"])
    services.confirm_returns(holiday, [student], [student.pk], user=roster_users["floor_head"])
    assert FollowUp.objects.get(student=student).reached_at is not None


@pytest.mark.parametrize("who, sees, hides", [("floor_head", "2024050201", "2024010101"), ("office", "2024010101", "none")])
def test_ledger_is_scoped_and_exports(client, holiday, roster, roster_users, who, sees, hides):
    for s in roster["students"].values():
        if s.active and s.room_id:
            services.declare(holiday, s, plan=Plan.LEAVE, destination="=HYPERLINK(\"x\")", expected_return=holiday.return_by)
    client.force_login(roster_users[who])
    text = client.get(f"/admin/holidays/ledger/?period={holiday.pk}&export=csv").content.decode("utf-8-sig")
    assert sees in text and hides not in text
    assert "'=HYPERLINK" in text  # formula-safe
    response = client.get(f"/admin/holidays/ledger/?period={holiday.pk}&export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    # period, student number, name, college, community, building, room, plan, destination,
    # expected return, declared at, ...
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == sees)
    assert row[1].data_type == "s" and row[1].number_format == "@" and row[6].number_format == "@"
    assert row[9].is_date and row[9].value.date() == holiday.return_by
    assert row[10].is_date and row[8].value == "'=HYPERLINK(\"x\")"
    assert client.get(f"/admin/holidays/ledger/?period={holiday.pk}").status_code == 200


def test_office_opens_a_period_with_the_calendar_in_view(client, roster_users):
    client.force_login(roster_users["office"])
    response = client.get("/admin/holidays/periods/new/")
    assert response.status_code == 200 and "data-days-off" in response.content.decode()
    client.force_login(roster_users["floor_head"])
    assert client.get("/admin/holidays/periods/new/").status_code in (302, 403)
    assert client.get("/admin/holidays/periods/").status_code == 200


def test_dashboard_counts_the_unreturned_in_scope(client, holiday, roster, roster_users):
    import re

    client.force_login(roster_users["floor_head"])
    html = client.get("/admin/cases/dashboard/").content.decode()
    assert int(re.search(r"<dt>未返校</dt><dd>(?:<a [^>]*>)?(\d+)", html).group(1)) == 6


def test_run_periodic_opens_the_followups(holiday, roster):
    from io import StringIO

    from django.core.management import call_command

    assert services.run_all_followups(dry_run=True) == (0, [f"{holiday.name}: 8 not back"])
    assert not FollowUp.objects.exists()
    out = StringIO()
    call_command("run_periodic", "--only", "holiday_followups", stdout=out)  # the return day is today
    assert FollowUp.objects.count() == 8 and "8 opened" in out.getvalue()
    assert services.run_all_followups() == (0, [f"{holiday.name}: 0 opened, 0 escalated."])
