import csv
import io

import pytest
from openpyxl import Workbook

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

GRID_HEADER_ZH = ["社区", "楼栋", "楼层", "寝室", "床位", "包干学院", "党员宿舍"]
GRID_HEADER_EN = ["community", "building", "floor", "room", "beds", "college", "plaque"]
STAFF_HEADER_ZH = ["姓名", "角色", "社区", "楼栋", "楼层", "寝室", "电话", "邮箱"]

# Two new communities' worth of rows under the campus fixture: 12 things to create.
NEW_GRID = [
    GRID_HEADER_ZH,
    ["沁园社区", "7栋", "1层", "101", "4", "法学院", ""],
    ["沁园社区", "7栋", "1", "102", "6", "法学院", "党员宿舍"],
    ["沁园社区", "7栋", "2F", "201", "", "", ""],
    ["梅园社区", "A座", "3", "301", "4", "", "党员示范宿舍"],
]


def csv_bytes(rows, encoding="utf-8"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def write_file(tmp_path):
    """write_file(rows, name="grid.csv", encoding="utf-8") -> path; .xlsx names give a workbook."""

    def write(rows, name="grid.csv", encoding="utf-8"):
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows, encoding))
        return str(path)

    return write


@pytest.fixture
def importer_user(django_user_model, home_page):
    """A grid editor (add, change, publish under the site root) who also holds the import permission."""
    group = Group.objects.create(name="Grid editors")
    group.permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=home_page, permission=Permission.objects.get(codename=codename, content_type__app_label="wagtailcore")
        )
    user = django_user_model.objects.create_user("importer", password="x")
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="add_importbatch", content_type__app_label="grid_importer"))
    return user


@pytest.fixture
def editor_user(django_user_model):
    """An admin user without the import permission."""
    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    return user
