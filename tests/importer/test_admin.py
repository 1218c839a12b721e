"""The admin upload page: preview saves nothing, confirm applies, only permitted users get in."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import Page, Revision

from grid_pages.importer.models import ImportBatch, ImportStatus
from grid_pages.models import BuildingPage, Room

from .conftest import GRID_HEADER_ZH, csv_bytes

pytestmark = pytest.mark.django_db

GOOD = [GRID_HEADER_ZH, ["沁园社区", "8栋", "1", "101", "4", "", ""], ["沁园社区", "8栋", "1", "102", "4", "", ""]]


def upload(client, rows, kind="grid", name="grid.csv"):
    data = {"kind": kind, "file": SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")}
    return client.post(reverse("grid_importer:upload"), data)


def test_preview_shows_counts_and_saves_nothing_until_confirmed(client, campus, importer_user):
    client.force_login(importer_user)
    assert client.get(reverse("grid_importer:upload")).status_code == 200
    pages, revisions = Page.objects.count(), Revision.objects.count()
    response = upload(client, GOOD)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("grid_importer:preview", args=[batch.pk])
    preview = client.get(response["Location"])
    html = preview.content.decode()
    # Community exists; building, floor and two rooms are new.
    assert "新建 4 项，更新 0 项，0 项不变，0 个错误" in html
    assert preview.context["plan"].ok and len(preview.context["plan"].creates) == 4
    assert reverse("grid_importer:confirm", args=[batch.pk]) in html
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)

    confirmed = client.post(reverse("grid_importer:confirm", args=[batch.pk]))
    assert confirmed.status_code == 302, confirmed
    assert confirmed["Location"] == reverse("grid_importer:upload"), [str(m) for m in confirmed.wsgi_request._messages]
    building = BuildingPage.objects.get(title="8栋")
    assert building.live and Room.objects.filter(floor__in=building.get_children()).count() == 2
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    # A second confirm of the same batch does nothing.
    assert client.post(reverse("grid_importer:confirm", args=[batch.pk])).status_code == 404


def test_preview_lists_every_error_by_line_and_offers_no_confirm(client, campus, importer_user):
    client.force_login(importer_user)
    rows = [*GOOD, ["沁园社区", "8栋", "1", "103", "many", "", ""], ["沁园社区", "8栋", "1", "101", "4", "", ""]]
    preview = client.get(upload(client, rows)["Location"])
    html = preview.content.decode()
    assert [e.line for e in preview.context["plan"].errors] == [4, 5]
    assert "第 4 行" in html and "第 5 行" in html
    assert "data-import-errors" in html
    batch = ImportBatch.objects.get()
    assert reverse("grid_importer:confirm", args=[batch.pk]) not in html
    pages = Page.objects.count()
    client.post(reverse("grid_importer:confirm", args=[batch.pk]))
    assert Page.objects.count() == pages
    assert ImportBatch.objects.get().status == ImportStatus.PENDING


def test_unreadable_upload_is_explained(client, campus, importer_user):
    client.force_login(importer_user)
    data = {"kind": "grid", "file": SimpleUploadedFile("grid.csv", b"\x80\xff\xfe\x00", content_type="text/csv")}
    preview = client.get(client.post(reverse("grid_importer:upload"), data)["Location"])
    assert preview.context["file_error"]
    response = client.post(reverse("grid_importer:upload"), {"kind": "grid", "file": SimpleUploadedFile("grid.txt", b"x")})
    assert response.status_code == 200 and response.context["form"].errors


def test_roster_download(client, campus, importer_user):
    client.force_login(importer_user)
    response = client.get(reverse("grid_importer:export_roster"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True))
    assert len(rows) > 10 and "沁园社区" in {r[0] for r in rows}


def test_roster_download_query_count_is_flat(client, campus, importer_user, django_assert_max_num_queries):
    from tests.conftest import build_building

    client.force_login(importer_user)
    client.get(reverse("grid_importer:export_roster"))
    build_building(campus["qinyuan"], number=9, floors=4)
    with django_assert_max_num_queries(20):
        client.get(reverse("grid_importer:export_roster"))


@pytest.mark.parametrize(
    "name", ["grid_importer:upload", "grid_importer:export_roster", "grid_importer:preview", "grid_importer:confirm"]
)
def test_users_without_the_permission_are_refused(client, campus, editor_user, importer_user, name):
    batch = ImportBatch.objects.create(filename="grid.csv", data=csv_bytes(GOOD), kind="grid", created_by=importer_user)
    args = [batch.pk] if name.endswith(("preview", "confirm")) else []
    client.force_login(editor_user)
    response = client.post(reverse(name, args=args)) if name.endswith("confirm") else client.get(reverse(name, args=args))
    assert response.status_code in (302, 403)
    assert ImportBatch.objects.get().status == ImportStatus.PENDING
    assert not BuildingPage.objects.filter(title="8栋").exists()
    assert "grid-import" not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(importer_user)
    assert "grid-import" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_import_permission_without_publish_rights_is_refused(client, campus, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("clerk", password="x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="add_importbatch", content_type__app_label="grid_importer"),
    )
    client.force_login(user)
    assert client.get(reverse("grid_importer:upload")).status_code in (302, 403)
    assert not upload(client, GOOD).status_code == 200
    assert not ImportBatch.objects.exists()


def test_superuser_may_import(client, campus, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("grid_importer:upload")).status_code == 200
