"""The roster through the importer: a new kind, errors by line, all or nothing, moves recorded."""

import pytest

from grid_pages.importer import services as importer
from grid_pages.importer.models import ImportBatch
from grid_pages.roster.models import RoomMove, Student
from tests.importer.conftest import csv_bytes, xlsx_bytes

HEADER = ["学号", "姓名", "学院", "班级", "电话", "社区", "楼栋", "寝室", "床位"]


def run(rows, name="students.csv", encoding="utf-8", dry_run=False):
    data = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows, encoding)
    return importer.import_file(data, name, "students", dry_run=dry_run)


def test_new_students_in_gb18030_with_their_first_move(campus):
    plan = run([HEADER, ["2024000001", "周杰", "文学院", "1班", "13800000001", "庠园社区", "庠园3栋", "502", "1"],
                ["2024000002", "吴倩", "理学院", "2班", "", "", "庠园5栋", "101", "2"]], encoding="gb18030")
    assert plan.ok and len(plan.creates) == 2
    first = Student.objects.get(number="2024000001")
    assert (first.room.number, first.bed, first.college) == ("502", 1, "文学院")
    assert RoomMove.objects.filter(student=first, from_room=None, to_room=first.room).count() == 1


def test_every_bad_row_by_line_and_nothing_written(campus, roster):
    rows = [
        HEADER,
        ["2024000001", "周杰", "文学院", "1班", "", "", "庠园3栋", "502", "4"],  # fine
        ["", "无学号", "", "", "", "", "", "", ""],  # line 3: no number
        ["2024000003", "郑爽", "", "", "", "", "庠园9栋", "502", "1"],  # line 4: no such building
        ["2024000004", "冯巩", "", "", "", "", "庠园3栋", "502", "9"],  # line 5: no bed 9
        ["2024000005", "陈晨", "", "", "", "", "庠园3栋", "501", "1"],  # line 6: taken by 2024050101
        ["2024000001", "周杰", "", "", "", "", "", "", ""],  # line 7: number again
        ["2024000006", "褚橙", "", "", "", "", "3栋", "502", "2"],  # line 8: ambiguous? no: unknown title
    ]
    plan = run(rows)
    lines = sorted(error.line for error in plan.errors)
    assert lines == [3, 4, 5, 7, 8]
    assert not Student.objects.filter(number="2024000001").exists()
    # With the other rows fixed, the bed held by a student not in the file is the remaining error.
    plan = run([HEADER, rows[1], rows[5]])
    assert [(e.line, "2024050101" in e.message) for e in plan.errors] == [(3, True)]
    assert not Student.objects.filter(number__in=["2024000001", "2024000005"]).exists()


def test_a_file_may_swap_two_students_and_each_move_is_kept(roster):
    a, b = roster["students"]["501-1"], roster["students"]["501-2"]
    plan = run([HEADER, [a.number, a.name, a.college, a.class_name, a.phone, "", "庠园3栋", "501", "2"],
                [b.number, b.name, b.college, b.class_name, b.phone, "", "庠园3栋", "501", "1"]])
    assert plan.ok and len(plan.updates) == 2
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.bed, b.bed) == (2, 1)
    assert RoomMove.objects.filter(student=a, from_bed=1, to_bed=2).exists()
    # The same file again changes nothing.
    again = run([HEADER, [a.number, a.name, a.college, a.class_name, a.phone, "", "庠园3栋", "501", "2"]])
    assert again.ok and not again.has_changes and len(again.unchanged) == 1


def test_upload_preview_and_confirm_in_the_admin(client, campus, django_user_model, home_page):
    user = django_user_model.objects.create_superuser("boss", "b@example.edu.cn", "pw")
    client.force_login(user)
    page = client.get("/admin/grid-import/").content.decode()
    assert 'value="students"' in page and "学生文件列" in page
    rows = [HEADER, ["2024000001", "周杰", "文学院", "1班", "", "", "庠园3栋", "502", "1"], ["x", "", "", "", "", "", "", "", ""]]
    upload = _upload(client, rows)
    preview = client.get(f"/admin/grid-import/{upload.pk}/").content.decode()
    assert "Line 3" in preview or "第 3 行" in preview or "第3行" in preview
    assert "确认并导入" not in preview
    good = _upload(client, rows[:2])
    assert "周杰" in client.get(f"/admin/grid-import/{good.pk}/").content.decode()
    client.post(f"/admin/grid-import/{good.pk}/confirm/")
    assert Student.objects.get(number="2024000001").room.number == "502"


def _upload(client, rows):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/admin/grid-import/", {"kind": "students", "file": SimpleUploadedFile("s.csv", csv_bytes(rows))})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportBatch.objects.latest("pk")


@pytest.mark.parametrize("name", ["students.xlsx"])
def test_xlsx_and_a_missing_column(campus, name):
    from grid_pages.importer.readers import ImportFileError

    assert run([HEADER, ["2024000009", "卫青", "", "", "", "", "庠园3栋", "301", "1"]], name=name).ok
    with pytest.raises(ImportFileError, match="学号/student number"):
        run([["姓名"], ["卫青"]], name=name)
