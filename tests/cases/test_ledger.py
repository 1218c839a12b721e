"""The case ledger (台账): the queue's filters and scope exported to CSV and XLSX, checked on content."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from grid_pages.cases import services
from grid_pages.cases.models import Case, CaseKind, CaseRating, CaseStatus

from .queue_support import INDEX

T0 = timezone.make_aware(datetime(2026, 9, 1, 9, 0))


@pytest.fixture
def ledger_cases(campus, submit, users):
    """Three cases with fixed dates: a resolved, rated repair in x3; an open, late repair in x5
    (named contact); an anonymous suggestion in 沁园 with a formula-like text."""
    x3 = submit(
        campus["x3"], "502", matter="门窗", description="门锁坏了", contact_name="张三", phone="13800000000",
        email="zs@example.edu.cn",
    )
    services.reply(x3, users["office"], text="已派维修工", version=x3.version)
    x5 = submit(campus["x5"], "101", matter="家具", description="椅子断腿", contact_name="李四", phone="13911112222")
    q3 = submit(
        campus["q3"], "101", kind=CaseKind.SUGGESTION, matter="生活", description="=HYPERLINK(\"http://x\")",
        anonymous=True, phone="13700000000",
    )
    Case.objects.filter(pk=x3.pk).update(
        submitted_at=T0, response_due_at=T0 + timedelta(days=1), first_response_at=T0 + timedelta(hours=5),
        due_at=T0 + timedelta(days=3), resolved_at=T0 + timedelta(days=4), status=CaseStatus.RESOLVED,
        rating=CaseRating.BASICALLY, rating_comment="+还行", escalations=1,
    )
    Case.objects.filter(pk=x5.pk).update(
        submitted_at=T0, response_due_at=T0 + timedelta(days=1), due_at=T0 + timedelta(days=3),
        status=CaseStatus.NEW, followup_expired=False,
    )
    Case.objects.filter(pk=q3.pk).update(submitted_at=T0 + timedelta(days=1), due_at=T0 + timedelta(days=6))
    return {"x3": Case.objects.get(pk=x3.pk), "x5": Case.objects.get(pk=x5.pk), "q3": Case.objects.get(pk=q3.pk)}


def csv_rows(response):
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM, for Excel
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return rows[0], {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return rows[0], {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}


def test_csv_has_the_ledger_columns_and_no_contact(client, users, ledger_cases):
    client.force_login(users["office"])
    response = client.get(reverse(INDEX), {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, rows = csv_rows(response)
    assert set(rows) == {c.display_code for c in ledger_cases.values()}
    x3 = rows[ledger_cases["x3"].display_code]
    assert x3["Community"] == "庠园社区" and x3["Room"] == "502" and x3["Matter"] == "门窗"
    assert x3["Status"] == "Resolved" and x3["Received"] == timezone.localtime(T0).strftime("%Y-%m-%d %H:%M")
    assert x3["Response deadline"] == "Met" and x3["Resolution deadline"] == "Missed"
    assert x3["Escalations"] == "1" and x3["Rating"] == "Basically satisfied"
    assert x3["Rating comment"] == "'+还行"  # formula-like text quoted
    x5 = rows[ledger_cases["x5"].display_code]
    assert x5["Response deadline"] == "Missed" and x5["Resolution deadline"] == "Missed" and x5["First response"] == ""
    q3 = rows[ledger_cases["q3"].display_code]
    assert q3["Description"].startswith("'=") and q3["Kind" if "Kind" in q3 else "Type"] == "Suggestion"
    body = ",".join(",".join(r.values()) for r in rows.values())
    for contact in ("张三", "李四", "13800000000", "13911112222", "13700000000", "zs@example.edu.cn"):
        assert contact not in body
    assert "Public history" not in header


def test_xlsx_follows_the_filter_with_history(client, users, ledger_cases):
    client.force_login(users["office"])
    response = client.get(reverse(INDEX), {"export": "xlsx", "kind": "repair", "history": "1"})
    assert response.status_code == 200
    header, rows = xlsx_rows(response)
    assert set(rows) == {ledger_cases["x3"].display_code, ledger_cases["x5"].display_code}
    x3 = rows[ledger_cases["x3"].display_code]
    assert x3["Received"] == timezone.localtime(T0).replace(tzinfo=None)  # a real date cell
    assert "已派维修工" in x3["Public history"] and "Submitted" in x3["Public history"]


def test_export_is_scoped(client, users, ledger_cases):
    client.force_login(users["other_building_head"])  # 楼长 of x5
    header, rows = csv_rows(client.get(reverse(INDEX), {"export": "csv"}))
    assert set(rows) == {ledger_cases["x5"].display_code}
    client.force_login(users["community_head"])  # 庠园: x3 and x5, filtered to overdue
    header, rows = xlsx_rows(client.get(reverse(INDEX), {"export": "xlsx", "overdue": "true"}))
    assert set(rows) == {ledger_cases["x5"].display_code}


def test_queue_offers_the_ledger_under_its_filters(client, users, ledger_cases):
    client.force_login(users["office"])
    html = client.get(reverse(INDEX), {"kind": "repair", "p": "1"}).content.decode()
    assert "export=csv" in html and "kind=repair&amp;export=xlsx&amp;history=1" in html
    # The results fragment the filters refresh carries the same links, to the queue itself.
    fragment = client.get(reverse("grid_cases_queue:index_results"), {"kind": "repair", "_w_filter_fragment": "1"})
    assert f'{reverse(INDEX)}?kind=repair&amp;export=csv"' in fragment.content.decode()


def test_export_queries_do_not_grow_with_cases(client, users, campus, submit, django_assert_max_num_queries):
    client.force_login(users["office"])
    submit(campus["x3"], "502")
    with django_assert_max_num_queries(30) as few:
        b"".join(client.get(reverse(INDEX), {"export": "csv", "history": "1"}).streaming_content)
    for _ in range(6):
        submit(campus["x5"], "101")
    with django_assert_max_num_queries(len(few.captured_queries)):
        b"".join(client.get(reverse(INDEX), {"export": "csv", "history": "1"}).streaming_content)


def test_xlsx_cells_are_typed(client, users, ledger_cases):
    """Excel, WPS and LibreOffice read the ledger as typed: times as date cells, the code and room
    as text cells (format @), escalations as a number."""
    client.force_login(users["office"])
    response = client.get(reverse(INDEX), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == ledger_cases["x3"].display_code)
    cell = dict(zip(header, row))
    assert cell["Tracking code"].data_type == "s" and cell["Tracking code"].number_format == "@"
    assert (cell["Room"].value, cell["Room"].data_type, cell["Room"].number_format) == ("502", "s", "@")
    assert cell["Received"].is_date and isinstance(cell["Received"].value, datetime)
    assert cell["Received"].value == timezone.localtime(T0).replace(tzinfo=None)
    assert (cell["Escalations"].value, cell["Escalations"].data_type) == (1, "n")
    assert cell["Rating comment"].value == "'+还行" and cell["Rating comment"].data_type == "s"
    assert cell["First response"].is_date
    x5 = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == ledger_cases["x5"].display_code)
    assert dict(zip(header, x5))["First response"].value is None  # not yet: an empty cell
