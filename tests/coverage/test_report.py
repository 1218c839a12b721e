"""The coverage figures, from the report function and through the admin."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale

from grid_pages.coverage.report import coverage_report
from grid_pages.models import FloorPage, GridAssignment, Room
from grid_pages.roles import GridRole
from tests.coverage.conftest import grow_campus
from tests.factories import BuildingPageFactory, FloorPageFactory, GridAssignmentFactory

URL = "/admin/grid-coverage/"


def figures(report):
    return {level.key: (level.total, level.covered, level.percentage) for level in report}


def chains(report, key):
    return [item.chain_display for item in report.level(key).uncovered]


def floor_of(building, number):
    return FloorPage.objects.child_of(building).get(number=number)


def test_empty_site_says_no_items_yet_instead_of_a_percentage(staff_client, home_page):
    report = coverage_report()
    assert figures(report) == {key: (0, 0, None) for key in ("community", "building", "floor", "room")}
    html = staff_client.get(URL).content.decode()
    assert "还没有寝室。" in html and "%" not in html.split("还没有社区。")[0].rsplit("<tbody>", 1)[-1]


def test_campus_fixture_is_fully_covered(campus):
    report = coverage_report()
    assert figures(report) == {
        "community": (2, 2, 100.0),
        "building": (3, 3, 100.0),
        "floor": (9, 9, 100.0),
        "room": (27, 27, 100.0),
    }
    assert all(not level.uncovered for level in report)


def test_missing_heads_are_listed_with_their_chain(campus):
    GridAssignment.objects.filter(page=campus["x5"], role=GridRole.BUILDING_HEAD).delete()
    GridAssignment.objects.filter(page=floor_of(campus["x3"], 5), role=GridRole.FLOOR_HEAD).delete()
    Room.objects.filter(floor=floor_of(campus["x3"], 5), number="502").update(head=None)
    # Someone in another role does not cover the floor.
    GridAssignmentFactory(page=floor_of(campus["x3"], 5), role=GridRole.COUNSELLOR)

    report = coverage_report()

    assert figures(report) == {
        "community": (2, 2, 100.0),
        "building": (3, 2, 66.6),  # rounded down, never up
        "floor": (9, 8, 88.8),
        "room": (27, 26, 96.2),
    }
    assert chains(report, "building") == ["庠园社区 › 庠园5栋"]
    assert chains(report, "floor") == ["庠园社区 › 庠园3栋 › 5层"]
    assert chains(report, "room") == ["庠园社区 › 庠园3栋 › 5层 › 502"]
    assert report.level("room").uncovered[0].page_id == floor_of(campus["x3"], 5).pk


def test_unpublished_pages_and_what_is_under_them_are_not_counted(campus):
    campus["q3"].unpublish()
    draft = BuildingPageFactory(parent=campus["xiangyuan"], title="庠园9栋", slug="b9", live=False)
    FloorPageFactory(parent=draft, number=1, slug="f1")

    report = coverage_report()

    assert figures(report)["building"] == (2, 2, 100.0)
    assert figures(report)["floor"] == (7, 7, 100.0)
    assert figures(report)["room"] == (21, 21, 100.0)


def test_only_the_default_locale_counts(campus):
    english = Locale.objects.get_or_create(language_code="en")[0]
    translated = campus["x5"].copy_for_translation(english, copy_parents=True)
    translated.save_revision().publish()
    for floor in FloorPage.objects.child_of(campus["x5"]):
        floor.copy_for_translation(english).save_revision().publish()

    assert figures(coverage_report())["floor"] == (9, 9, 100.0)
    assert figures(coverage_report(locale=english))["floor"][0] == 2


def test_root_limits_the_report_to_a_subtree(campus):
    report = coverage_report(root=campus["qinyuan"])
    assert figures(report)["community"] == (1, 1, 100.0)
    assert figures(report)["room"] == (6, 6, 100.0)


def test_query_count_does_not_grow_with_the_campus(campus, django_assert_num_queries):
    with django_assert_num_queries(6):
        coverage_report()
    grow_campus(campus)
    with django_assert_num_queries(6):
        report = coverage_report()
    assert figures(report)["building"] == (33, 23, 69.6)
    assert figures(report)["room"] == (207, 177, 85.5)
    assert chains(report, "community") == ["博园社区", "无人社区"]


def test_admin_view_query_count_is_flat(staff_client, campus):
    # Warm up caches (site root, user profile) so both runs are alike.
    staff_client.get(URL)
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(URL).status_code == 200
    grow_campus(campus)
    with CaptureQueriesContext(connection) as big:
        response = staff_client.get(URL)
    assert response.status_code == 200
    assert len(big) == len(small)


def test_admin_report_lists_uncovered_items_with_edit_links(staff_client, campus):
    floor = floor_of(campus["x3"], 5)
    Room.objects.filter(floor=floor, number="502").update(head=None)
    GridAssignment.objects.filter(page=floor, role=GridRole.FLOOR_HEAD).delete()

    response = staff_client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "庠园社区 › 庠园3栋 › 5层 › 502" in html
    assert "庠园社区 › 庠园3栋 › 5层</a>" in html
    assert reverse("wagtailadmin_pages:edit", args=[floor.pk]) in html
    assert "88.8%" in html and "96.2%" in html
    assert "网格覆盖" in html  # the menu item, in the default Chinese admin


def test_admin_report_caps_the_room_list(staff_client, campus, monkeypatch):
    Room.objects.update(head=None)
    monkeypatch.setattr("grid_pages.coverage.views.ROOM_DISPLAY_LIMIT", 10)
    html = staff_client.get(URL).content.decode()
    assert html.count("› 庠园3栋 › 1层 › 1") == 3
    assert "还有 17 个" in html


def test_csv_exports_are_one_table_each(staff_client, campus):
    Room.objects.filter(floor=floor_of(campus["q3"], 2), number="203").update(head=None)

    response = staff_client.get(URL, {"export": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["层级", "负责人", "总数", "已覆盖", "未覆盖", "覆盖率（%）"] or len(rows[0]) == 6
    assert ["寝室", "寝室长", "27", "26", "1", "96.2"] in rows
    assert len(rows) == 5 and {len(row) for row in rows} == {6}  # header and one row per level

    response = staff_client.get(URL, {"export": "csv", "level": "room"})
    assert "grid-coverage-room-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["社区", "楼栋", "楼层", "寝室"], ["沁园社区", "沁园3栋", "2层", "203"]]


def test_xlsx_export_has_a_sheet_per_level(staff_client, campus):
    GridAssignment.objects.filter(page=campus["x5"], role=GridRole.BUILDING_HEAD).delete()
    Room.objects.filter(floor=floor_of(campus["q3"], 2), number="203").update(head=None)

    response = staff_client.get(URL, {"export": "xlsx"})

    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:5] == ["汇总", "社区", "楼栋", "楼层", "寝室"]  # then other apps' sections
    summary = list(workbook["汇总"].iter_rows(values_only=True))
    assert ("楼栋", "楼长", 3, 2, 1, 66.6) in summary
    assert list(workbook["楼栋"].iter_rows(values_only=True)) == [("社区", "楼栋"), ("庠园社区", "庠园5栋")]
    assert list(workbook["寝室"].iter_rows(values_only=True))[1] == ("沁园社区", "沁园3栋", "2层", "203")
    assert list(workbook["社区"].iter_rows(values_only=True)) == [("社区",)]


def test_export_neutralises_formulas_in_titles(staff_client, campus):
    campus["x5"].title = "=HYPERLINK(1)"
    campus["x5"].save_revision().publish()
    GridAssignment.objects.filter(page=campus["x5"], role=GridRole.BUILDING_HEAD).delete()
    workbook = openpyxl.load_workbook(io.BytesIO(staff_client.get(URL, {"export": "xlsx"}).content))
    assert list(workbook["楼栋"].iter_rows(values_only=True))[1] == ("庠园社区", "'=HYPERLINK(1)")


def test_dashboard_shows_the_figures(staff_client, campus):
    GridAssignment.objects.filter(page=floor_of(campus["x3"], 5), role=GridRole.FLOOR_HEAD).delete()
    html = staff_client.get("/admin/").content.decode()
    assert 'id="grid-coverage"' in html or "grid-coverage" in html
    assert "88.8%" in html
    assert URL in html


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    for params in ({}, {"export": "csv"}):
        response = client.get(URL, params)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
