"""Every inspection view through HTTP, for the people in and out of scope."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from grid_pages.inspections.models import Finding, FindingStatus, InspectionRound

from .conftest import jpeg, rooms_of

pytestmark = pytest.mark.django_db


def round_post(floor, hazards, token="tok-1", **extra):
    """A POST as the recording page sends it: every room listed, a finding in the first room."""
    rooms = rooms_of(floor)
    data = {"token": token, "kind": "both", "room": [str(r.pk) for r in rooms], "note": ""}
    first = rooms[0].pk
    data[f"f-{first}-0-hazard"] = str(hazards["违章电器"].pk)
    data[f"f-{first}-0-note"] = "热得快一个"
    data[f"score-{rooms[1].pk}"] = "88"
    data.update(extra)
    return data


def test_record_page_is_scoped(client, people, floors):
    url = reverse("grid_inspections:record_floor", args=[floors["f5"].pk])
    assert client.get(url).status_code == 302  # to the login
    client.force_login(people["floor1_head"])
    assert client.get(url).status_code == 403
    client.force_login(people["floor_head"])
    response = client.get(url)
    assert response.status_code == 200
    for room in rooms_of(floors["f5"]):
        assert f'name="score-{room.pk}"' in response.text
    # The start page offers the user's own floor only; the whole building to its head.
    start = client.get(reverse("grid_inspections:start")).text
    assert reverse("grid_inspections:record_floor", args=[floors["f5"].pk]) in start
    assert reverse("grid_inspections:record_floor", args=[floors["f1"].pk]) not in start
    assert reverse("grid_inspections:record_building", args=[floors["f5"].get_parent().pk]) not in start
    client.force_login(people["building_head"])
    assert reverse("grid_inspections:record_building", args=[floors["f5"].get_parent().pk]) in client.get(
        reverse("grid_inspections:start")
    ).text


def test_one_post_records_the_round_and_a_retry_does_not_duplicate_it(client, people, floors, hazards):
    client.force_login(people["floor_head"])
    url = reverse("grid_inspections:record_floor", args=[floors["f5"].pk])
    photo = jpeg()
    data = round_post(floors["f5"], hazards, **{f"f-{rooms_of(floors['f5'])[0].pk}-0-photos": photo})
    response = client.post(url, data)
    inspection = InspectionRound.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("grid_inspections:round", args=[inspection.pk])
    again = client.post(url, round_post(floors["f5"], hazards))
    assert again["Location"] == response["Location"]
    assert InspectionRound.objects.count() == 1 and Finding.objects.count() == 1
    assert inspection.rooms_checked == 3 and inspection.checks.get(room__number="502").hygiene_score == 88
    page = client.get(response["Location"])
    assert "data-clear-draft" in page.text and "违章电器" in page.text


def test_a_failed_post_keeps_what_was_typed(client, people, floors, hazards):
    client.force_login(people["floor_head"])
    rooms = rooms_of(floors["f5"])
    data = round_post(floors["f5"], hazards, **{f"score-{rooms[2].pk}": "150"})
    response = client.post(reverse("grid_inspections:record_floor", args=[floors["f5"].pk]), data)
    assert response.status_code == 400
    assert InspectionRound.objects.count() == 0
    assert "热得快一个" in response.text and 'value="150"' in response.text and 'value="tok-1"' in response.text
    # The error sits with the room it is about.
    room_html = response.text.split(f'id="insp-room-{rooms[2].pk}"')[1].split("</li>")[0]
    assert "insp-error" in room_html


def test_photos_and_rounds_are_seen_in_scope_only(client, people, floors, hazards):
    client.force_login(people["floor_head"])
    rooms = rooms_of(floors["f5"])
    client.post(
        reverse("grid_inspections:record_floor", args=[floors["f5"].pk]),
        round_post(floors["f5"], hazards, **{f"f-{rooms[0].pk}-0-photos": jpeg()}),
    )
    finding = Finding.objects.get()
    photo_url = reverse("grid_inspections:photo", args=[finding.photos.get().pk])
    round_url = reverse("grid_inspections:round", args=[finding.round_id])
    detail_url = reverse("grid_inspections_findings:detail", args=[finding.pk])
    response = client.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert client.get(detail_url).status_code == 200
    for name in ("floor1_head", "other_building_head", "other_community_head"):
        client.force_login(people[name])
        assert client.get(photo_url).status_code == 404
        assert client.get(round_url).status_code == 404
        assert client.get(detail_url).status_code == 404
    for name in ("building_head", "community_head", "office"):
        client.force_login(people[name])
        assert client.get(photo_url).status_code == 200
        assert client.get(detail_url).status_code == 200
    client.logout()
    assert client.get(photo_url).status_code == 302


def test_ledgers_are_scoped_and_export_safely(client, people, floors, record):
    record(people["floor_head"], floors["f5"], {"501": ["违章电器"]})
    record(people["floor1_head"], floors["f1"], {"101": ["私拉电线"]})
    Finding.objects.filter(room_number="101").update(note="=HYPERLINK(\"http://x\")")
    findings = reverse("grid_inspections_findings:index")
    rounds = reverse("grid_inspections_rounds:index")
    client.force_login(people["floor_head"])
    text = client.get(findings).text
    assert "5层 501" in text and "1层 101" not in text
    assert "5层" in client.get(rounds).text and "1层" not in client.get(rounds).text
    client.force_login(people["nobody"])
    assert client.get(findings).status_code in (302, 403)
    client.force_login(people["building_head"])
    csv_text = client.get(findings + "?export=csv").content.decode("utf-8-sig")
    assert "501" in csv_text and "101" in csv_text and "'=HYPERLINK" in csv_text
    response = client.get(findings + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[4].value == "501")
    assert row[0].is_date and row[4].number_format == "@" and row[4].data_type == "s"  # found at; the room as text
    response = client.get(rounds + "?export=xlsx")
    assert response.status_code == 200
    row = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2))
    assert row[0].is_date and row[6].data_type == "n"  # inspected at; rooms checked
    only = client.get(findings + f"?hazard_type={Finding.objects.get(room_number='101').hazard_type_id}").text
    assert "1层 101" in only and "5层 501" not in only


def test_finding_actions_in_the_admin(client, people, floors, record):
    finding = record(people["floor_head"], floors["f5"], {"501": ["违章电器"]}).findings.get()
    url = reverse("grid_inspections_findings:detail", args=[finding.pk])
    client.force_login(people["floor1_head"])
    assert client.post(url, {"action": "rectify", "note": "x"}).status_code == 404
    client.force_login(people["floor_head"])
    client.post(url, {"action": "rectify", "note": "已拆除"})
    client.post(url, {"action": "recheck_ok", "note": ""})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RECHECK_OK


def test_dashboard_figures_are_scoped(client, people, floors, record):
    record(people["floor_head"], floors["f5"], {"501": ["违章电器"]})
    record(people["floor1_head"], floors["f1"], {"101": ["私拉电线"], "102": ["违章电器"]})
    from grid_pages.inspections.dashboard import figures
    from grid_pages.cases.dashboard import preset_period
    from django.utils import timezone

    period = preset_period("month", timezone.localdate())
    assert figures(people["floor_head"], period)["open"] == 1
    assert figures(people["building_head"], period)["open"] == 3
    assert figures(people["building_head"], period)["rooms"] == 6
    client.force_login(people["floor_head"])
    response = client.get(reverse("grid_cases_dashboard:index"))
    assert response.status_code == 200
    assert "Rooms inspected" in response.text or "检查寝室数" in response.text
