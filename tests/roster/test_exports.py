"""Roster, holiday and night-check downloads read back as Excel reads them: identifiers (student
numbers, phones, rooms) as text cells, dates as date cells, numbers as numbers; CSV one table in
UTF-8 with a BOM."""

import csv
import datetime
import io

from openpyxl import load_workbook

from grid_pages.spreadsheets import csv_rows, text_value

from .conftest import student

INDEX = "/admin/roster/students/"


def test_student_xlsx_keeps_identifiers_as_text(client, roster, roster_users):
    student("0020240503", "周杰", phone="013800000000")  # leading zeros
    client.force_login(roster_users["office"])
    response = client.get(INDEX + "?export=xlsx")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    zero = rows["0020240503"]  # student number, name, college, class, phone, community, building, room, bed
    for cell in (zero[0], zero[4]):
        assert cell.data_type == "s" and cell.number_format == "@"
    assert zero[4].value == "013800000000"
    assert zero[7].value is None  # no room: an empty cell
    housed = rows["2024050101"]
    assert (housed[7].value, housed[7].data_type, housed[7].number_format) == ("501", "s", "@")
    assert (housed[8].value, housed[8].data_type) == (1, "n")


def test_student_csv_is_one_table_with_a_bom(client, roster, roster_users):
    client.force_login(roster_users["office"])
    body = client.get(INDEX + "?export=csv").content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len({len(row) for row in rows}) == 1 and all(rows)
    assert len(rows[0]) == 10 and "2024050101" in {row[0] for row in rows}


def test_csv_rows_write_dates_as_text_and_keep_formulas_out():
    when = datetime.datetime(2026, 12, 1, 7, 30, 15, tzinfo=datetime.timezone.utc)
    row = next(csv_rows([[when, datetime.date(2026, 12, 1), 3, None, "=1+1"]]))
    assert row == ["2026-12-01 15:30", "2026-12-01", 3, "", "'=1+1"]  # Asia/Shanghai
    assert text_value(None) == ""
