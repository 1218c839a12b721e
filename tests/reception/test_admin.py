"""Staff see and export a session's bookings."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from openpyxl import load_workbook

from grid_pages.reception.exports import safe_cell
from tests.reception.factories import BookingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bookings(place_session):
    return [
        BookingFactory(session=place_session, name="王思远", topic="=HYPERLINK(\"http://evil\")"),
        BookingFactory(session=place_session, name="李雨桐", room="+86 3栋", topic="食堂"),
    ]


def bookings_url(session, export=""):
    url = reverse("grid_reception_admin:session_bookings", args=[session.pk])
    return f"{url}?export={export}" if export else url


def test_anonymous_is_sent_to_login(client, place_session):
    for export in ("", "csv", "xlsx"):
        response = client.get(bookings_url(place_session, export))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_editor_without_permission_is_refused(client, place_session, django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(bookings_url(place_session, "csv")).status_code in (302, 403)
    group = Group.objects.create(name="接待日管理员")
    group.permissions.add(Permission.objects.get(codename="view_booking"))
    user.groups.add(group)
    assert client.get(bookings_url(place_session, "csv")).status_code == 200


def test_admin_lists_bookings(admin_client, place_session, bookings):
    html = admin_client.get(bookings_url(place_session)).content.decode()
    assert "王思远" in html and bookings[0].display_code in html
    listing = admin_client.get(reverse("wagtailsnippets_grid_reception_receptionsession:list"))
    assert listing.status_code == 200
    assert bookings_url(place_session) in listing.content.decode()


def test_csv_export_has_bom_and_guards_formulas(admin_client, place_session, bookings):
    response = admin_client.get(bookings_url(place_session, "csv"))
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "预约码"
    by_name = {row[2]: row for row in rows[1:]}
    assert by_name["王思远"][5] == "'=HYPERLINK(\"http://evil\")"
    assert by_name["李雨桐"][4] == "'+86 3栋"


def test_xlsx_export(admin_client, place_session, bookings):
    response = admin_client.get(bookings_url(place_session, "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "学号"
    assert {r[0] for r in rows[1:]} == {b.display_code for b in bookings}
    assert all(not str(cell).startswith("=") for row in rows for cell in row if cell)
    assert sheet.cell(row=2, column=6).data_type == "s"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)"])
def test_safe_cell(value):
    assert safe_cell(value) == "'" + value
    assert safe_cell("张三") == "张三"
