"""The business rules as functions: deadlines in working days across holidays and 调休,
rectification and re-check, escalation up the grid, idempotent rounds, scope, rankings."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from grid_pages.inspections import services
from grid_pages.inspections.models import Finding, FindingLevel, FindingStatus, InspectionRound, RoomCheck
from grid_pages.models import GridAssignment
from grid_pages.roles import GridRole

from .conftest import at

pytestmark = pytest.mark.django_db


def test_deadline_skips_the_national_day_holiday(people, floors, record):
    # 2025: 1-8 October are holidays; one working day from Tuesday 30 September is 9 October.
    inspection = record(people["floor_head"], floors["f5"], {"501": ["违章电器"]}, now=at(2025, 9, 30, 10))
    finding = inspection.findings.get()
    assert finding.due_at == at(2025, 10, 9, 10)
    assert finding.level == FindingLevel.FLOOR and finding.status == FindingStatus.OPEN


def test_deadline_counts_a_make_up_sunday(people, floors, record):
    # Sunday 28 September 2025 is a make-up working day (调休): one day from Friday 26 lands on it.
    inspection = record(people["floor_head"], floors["f5"], {"502": ["私拉电线"]}, now=at(2025, 9, 26, 10))
    assert inspection.findings.get().due_at == at(2025, 9, 28, 10)
    # Two working days (卫生不合格) from the same Friday: Sunday 28, then Monday 29.
    inspection = record(people["floor_head"], floors["f5"], {"503": ["卫生不合格"]}, now=at(2025, 9, 26, 11), token="b")
    assert inspection.findings.get().due_at == at(2025, 9, 29, 11)


def test_round_records_every_room_and_is_idempotent(people, floors, record):
    first = record(people["floor_head"], floors["f5"], {"501": ["违章电器", "私拉电线"]}, {"502": 90}, token="same")
    again = record(people["floor_head"], floors["f5"], {"503": ["违章电器"]}, token="same")
    assert again.pk == first.pk
    assert InspectionRound.objects.count() == 1
    assert first.rooms_checked == 3 and first.findings_count == 2
    checks = {c.room.number: c for c in RoomCheck.objects.select_related("room")}
    assert checks["501"].ok is False and checks["502"].ok is True and checks["502"].hygiene_score == 90
    assert Finding.objects.count() == 2
    assert all(f.events.get().action == "found" for f in Finding.objects.all())


def test_recording_scope(people, floors, campus, hazards):
    with pytest.raises(PermissionDenied):
        services.place_for(people["floor1_head"], floor=floors["f5"])
    with pytest.raises(PermissionDenied):
        services.place_for(people["other_building_head"], floor=floors["f5"])
    assert len(services.place_for(people["building_head"], floor=floors["f5"]).rooms) == 3
    assert len(services.place_for(people["building_head"], building=campus["x3"]).rooms) == 15
    assert len(services.place_for(people["office"], floor=floors["f1"]).rooms) == 3
    with pytest.raises(PermissionDenied):  # a floor head does not record the whole building
        services.place_for(people["floor_head"], building=campus["x3"])


def test_room_head_records_own_room_only_when_allowed(people, floors, settings, hazards):
    room = floors["f5"].grid_rooms.get(number="502")
    room.head.user = people["nobody"]
    room.head.save()
    with pytest.raises(PermissionDenied):
        services.place_for(people["nobody"], floor=floors["f5"])
    settings.GRID_PAGES_INSPECTIONS_ROOM_HEADS_RECORD = True
    people["nobody"]._grid_inspections_rooms = None
    place = services.place_for(people["nobody"], floor=floors["f5"])
    assert [r.number for r in place.rooms] == ["502"]


def test_rectify_then_recheck(people, floors, record):
    finding = record(people["floor_head"], floors["f5"], {"501": ["违章电器"]}, now=at(2025, 11, 3, 9)).findings.get()
    with pytest.raises(services.InspectionError):
        services.rectify(finding, people["floor_head"], "")
    with pytest.raises(PermissionDenied):
        services.rectify(finding, people["floor1_head"], "已拆除")
    services.rectify(finding, people["floor_head"], "已没收电器", now=at(2025, 11, 3, 15))
    with pytest.raises(services.InspectionError):  # a failed re-check says why
        services.recheck(finding, people["building_head"], False, "")
    failed = services.recheck(finding, people["building_head"], False, "仍有电热毯", now=at(2025, 11, 4, 9))
    assert failed.status == FindingStatus.RECHECK_FAILED
    assert failed.due_at == at(2025, 11, 5, 9)  # a fresh working day
    services.rectify(finding, people["floor_head"], "已收走", now=at(2025, 11, 4, 12))
    done = services.recheck(finding, people["floor_head"], True, now=at(2025, 11, 4, 16))
    assert done.status == FindingStatus.RECHECK_OK and done.closed_at == at(2025, 11, 4, 16)
    assert [e.action for e in done.events.all()] == ["found", "rectified", "recheck_failed", "rectified", "recheck_ok"]


def test_room_head_may_report_rectified_but_not_recheck(people, floors, record, settings):
    settings.GRID_PAGES_INSPECTIONS_ROOM_HEADS_RECORD = True
    room = floors["f5"].grid_rooms.get(number="501")
    room.head.user = people["nobody"]
    room.head.save()
    finding = record(people["floor_head"], floors["f5"], {"501": ["违章电器"]}).findings.get()
    services.rectify(finding, people["nobody"], "已处理")
    with pytest.raises(PermissionDenied):
        services.recheck(finding, people["nobody"], True)


def test_unrectified_finding_escalates_up_the_grid(people, floors, record, campus, django_capture_on_commit_callbacks):
    for number, assignment in enumerate(GridAssignment.objects.filter(page=campus["x3"]).select_related("staff")):
        assignment.staff.email = f"x3-{number}@example.edu.cn" if assignment.role == GridRole.BUILDING_HEAD else ""
        assignment.staff.save()
    expected = sorted(
        GridAssignment.objects.filter(page=campus["x3"], role=GridRole.BUILDING_HEAD).values_list("staff__email", flat=True)
    )
    finding = record(people["floor_head"], floors["f5"], {"501": ["违章电器"]}, now=at(2025, 11, 3, 9)).findings.get()
    assert services.escalate_overdue_findings(at(2025, 11, 4, 8)) == 0  # not due yet
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_overdue_findings(at(2025, 11, 4, 10)) == 1
        assert services.escalate_overdue_findings(at(2025, 11, 4, 10)) == 0  # safe to run twice
    finding.refresh_from_db()
    assert (finding.level, finding.status, finding.escalations) == (FindingLevel.BUILDING, FindingStatus.ESCALATED, 1)
    assert finding.due_at == at(2025, 11, 5, 10)
    assert [m.to for m in mail.outbox] == [expected]
    assert "501" in mail.outbox[0].subject
    assert services.escalate_overdue_findings(at(2025, 11, 6, 10)) == 1
    finding.refresh_from_db()
    assert finding.level == FindingLevel.COMMUNITY
    assert services.escalate_overdue_findings(at(2025, 11, 7, 11)) == 1
    finding.refresh_from_db()
    assert finding.level == FindingLevel.OFFICE
    mail.outbox.clear()
    assert services.escalate_overdue_findings(at(2025, 12, 1, 10)) == 0  # the top: it stays, overdue
    finding.refresh_from_db()
    assert finding.level == FindingLevel.OFFICE and finding.is_overdue(at(2025, 12, 1, 10))
    assert mail.outbox == []


def test_rectified_finding_does_not_escalate(people, floors, record):
    finding = record(people["floor_head"], floors["f5"], {"501": ["违章电器"]}, now=at(2025, 11, 3, 9)).findings.get()
    services.rectify(finding, people["floor_head"], "已处理", now=at(2025, 11, 3, 10))
    assert services.escalate_overdue_findings(at(2025, 11, 10, 10)) == 0


def test_escalate_by_hand_needs_a_reason_and_scope(people, floors, record):
    finding = record(people["floor_head"], floors["f5"], {"501": ["违章电器"]}).findings.get()
    with pytest.raises(services.InspectionError):
        services.escalate(finding, people["floor_head"], "")
    with pytest.raises(PermissionDenied):
        services.escalate(finding, people["floor1_head"], "需要楼栋处理")
    assert services.escalate(finding, people["floor_head"], "需要楼栋处理").level == FindingLevel.BUILDING


def test_ranking_rows_and_who_may_publish(people, floors, record, campus):
    record(people["floor_head"], floors["f5"], scores={"501": 80, "502": 95}, now=at(2025, 11, 3, 9))
    record(people["floor_head"], floors["f5"], scores={"501": 90}, now=at(2025, 11, 10, 9))
    rows = services.ranking_rows(campus["x3"], at(2025, 11, 1, 0).date(), at(2025, 11, 30, 0).date())
    assert rows == [["502", 95.0], ["501", 85.0]]
    with pytest.raises(PermissionDenied):  # a floor head does not publish the building's ranking
        services.publish_ranking(people["floor_head"], campus["x3"], title="十一月", start=at(2025, 11, 1).date(), end=at(2025, 11, 30).date())
    ranking = services.publish_ranking(
        people["building_head"], campus["x3"], title="十一月", start=at(2025, 11, 1).date(), end=at(2025, 11, 30).date()
    )
    assert ranking.published and ranking.rows == rows
    with pytest.raises(services.InspectionError):
        services.publish_ranking(people["office"], campus["x5"], title="", start=at(2025, 11, 1).date(), end=at(2025, 11, 30).date())


def test_run_periodic_refers_overdue_findings(people, floors, record):
    from io import StringIO

    from django.core.management import call_command

    finding = record(people["floor_head"], floors["f5"], {"501": ["违章电器"]}, now=at(2025, 11, 3, 9)).findings.get()
    out = StringIO()
    call_command("run_periodic", "--only", "escalate_overdue_findings", stdout=out)
    finding.refresh_from_db()
    assert finding.level == FindingLevel.BUILDING and "Referred 1 overdue finding" in out.getvalue()
