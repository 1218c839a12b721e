"""import_grid, import_staff and export_roster through call_command on a real database."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from wagtail.models import Page, Revision

from grid_pages.models import BuildingPage, CommunityPage, FloorPage, GridAssignment, Room, StaffMember
from grid_pages.plaques.models import Plaque, PlaqueKind
from grid_pages.roles import GridRole

from .conftest import GRID_HEADER_EN, GRID_HEADER_ZH, NEW_GRID, STAFF_HEADER_ZH

pytestmark = pytest.mark.django_db

def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name,encoding",
    [("grid.csv", "utf-8"), ("grid.csv", "utf-8-sig"), ("grid.csv", "gb18030"), ("grid.xlsx", None)],
)
def test_import_grid_creates_the_tree_in_any_encoding(campus, write_file, name, encoding):
    path = write_file(NEW_GRID, name, encoding or "utf-8")
    output = run("import_grid", path)
    # Commands speak the site language (LANGUAGE_CODE, Chinese).
    assert "新建 12 项" in output
    meiyuan = CommunityPage.objects.get(title="梅园社区")
    assert meiyuan.live and meiyuan.short_name == "梅园"
    assert meiyuan.get_parent().pk == campus["home"].pk
    b7 = BuildingPage.objects.get(title="7栋")
    assert (b7.short_number, b7.college, b7.get_parent().pk) == ("7", "法学院", campus["qinyuan"].pk)
    assert BuildingPage.objects.get(title="A座").short_number == "A"
    floor1 = FloorPage.objects.child_of(b7).get(number=1)
    assert floor1.live and not floor1.has_unpublished_changes
    assert [(r.number, r.beds) for r in floor1.grid_rooms.order_by("sort_order")] == [("101", 4), ("102", 6)]
    assert Room.objects.get(floor__in=FloorPage.objects.child_of(b7), number="201").beds == 4
    # All rooms of a floor go into one revision.
    assert Revision.page_revisions.filter(object_id=str(floor1.pk)).count() == 1
    assert set(Plaque.objects.values_list("room__number", "kind")) == {("102", PlaqueKind.DORM), ("301", PlaqueKind.MODEL_DORM)}


def test_english_header_updates_existing_rooms(campus, write_file):
    x3 = campus["x3"]
    path = write_file([GRID_HEADER_EN, ["庠园社区", x3.title, "5", "501", "6", "", ""], ["庠园社区", x3.title, "5", "504", "", "", ""]])
    floor5 = FloorPage.objects.child_of(x3).get(number=5)
    before = Revision.page_revisions.filter(object_id=str(floor5.pk)).count()
    run("import_grid", path)
    assert Room.objects.get(floor=floor5, number="501").beds == 6
    assert list(Room.objects.filter(floor=floor5).order_by("sort_order").values_list("number", flat=True)) == ["501", "502", "503", "504"]
    # Existing room heads survive the floor's new revision.
    assert Room.objects.get(floor=floor5, number="502").head is not None
    assert Revision.page_revisions.filter(object_id=str(floor5.pk)).count() == before + 1


def test_importing_twice_changes_nothing(campus, write_file):
    path = write_file(NEW_GRID)
    run("import_grid", path)
    pages, revisions, plaques = Page.objects.count(), Revision.objects.count(), Plaque.objects.count()
    output = run("import_grid", path)
    assert (Page.objects.count(), Revision.objects.count(), Plaque.objects.count()) == (pages, revisions, plaques)
    assert "0" in output


def test_dry_run_saves_nothing(campus, write_file):
    pages = Page.objects.count()
    run("import_grid", write_file(NEW_GRID), "--dry-run")
    assert Page.objects.count() == pages


def test_a_bad_file_saves_nothing_and_names_every_bad_line(campus, write_file):
    rows = [
        GRID_HEADER_ZH,
        ["沁园社区", "7栋", "1", "101", "4", "", ""],  # line 2: fine
        ["沁园社区", "7栋", "1", "102", "four", "", ""],  # line 3: beds
        ["沁园社区", "7栋", "1", "101", "4", "", ""],  # line 4: duplicate of line 2
        ["沁园社区", "", "1", "103", "4", "", ""],  # line 5: no building
        ["沁园社区", "7栋", "1", "104", "4", "", "荣誉寝室"],  # line 6: plaque kind
        ["沁园社区", "7栋", "1", "1" * 21, "4", "", ""],  # line 7: overlong
        ["沁园社区", "7栋", "一楼", "105", "4", "", ""],  # line 8: floor
    ]
    pages = Page.objects.count()
    with pytest.raises(CommandError) as raised:
        run("import_grid", write_file(rows))
    message = str(raised.value)
    for line in (3, 4, 5, 6, 7, 8):
        assert f"第 {line} 行" in message
    assert "\n第 2 行" not in message
    assert Page.objects.count() == pages


def test_missing_column_and_undecodable_file_are_refused(campus, tmp_path, write_file):
    with pytest.raises(CommandError):
        run("import_grid", write_file([["社区", "楼栋", "寝室"], ["沁园社区", "7栋", "101"]]))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x80\xff\xfe\x00")
    with pytest.raises(CommandError):
        run("import_grid", str(bad))


def test_an_existing_plaque_of_another_kind_is_an_error(campus, write_file):
    room = Room.objects.get(floor__in=FloorPage.objects.child_of(campus["x5"]), number="101")
    Plaque.objects.create(room=room, kind=PlaqueKind.DORM, since="2024-09-01", commitment="x")
    path = write_file([GRID_HEADER_ZH, ["庠园社区", campus["x5"].title, "1", "101", "", "", "党员先锋岗"]])
    with pytest.raises(CommandError, match="2"):
        run("import_grid", path)
    ok = write_file([GRID_HEADER_ZH, ["庠园社区", campus["x5"].title, "1", "101", "", "", "党员宿舍"]], "ok.csv")
    run("import_grid", ok)
    assert Plaque.objects.filter(room=room).count() == 1


STAFF_ROWS = [
    STAFF_HEADER_ZH,
    ["王楼长", "楼长", "沁园社区", "沁园3栋", "", "", "13900000001", "wang@example.edu.cn"],
    ["李层长", "floor_head", "沁园社区", "沁园3栋", "2层", "", "13900000002", ""],
    ["赵同学", "寝室长", "沁园社区", "沁园3栋", "1", "102", "13900000003", ""],
    ["陈老师", "Counsellor", "沁园社区", "", "", "", "13900000004", ""],
]


def test_import_staff_assigns_roles_and_room_heads(campus, write_file):
    path = write_file(STAFF_ROWS, "staff.xlsx")
    run("import_staff", path)
    q3 = campus["q3"]
    wang = StaffMember.objects.get(name="王楼长", phone="13900000001")
    assert wang.email == "wang@example.edu.cn"
    assert GridAssignment.objects.filter(page=q3, staff=wang, role=GridRole.BUILDING_HEAD).exists()
    floor2 = FloorPage.objects.child_of(q3).get(number=2)
    assert GridAssignment.objects.filter(page=floor2, staff__name="李层长", role=GridRole.FLOOR_HEAD).exists()
    assert GridAssignment.objects.filter(page=campus["qinyuan"], staff__name="陈老师", role=GridRole.COUNSELLOR).exists()
    room = Room.objects.get(floor__in=FloorPage.objects.child_of(q3), number="102")
    assert room.head.name == "赵同学"
    # The building's earlier head is kept; the import adds.
    assert GridAssignment.objects.filter(page=q3, role=GridRole.BUILDING_HEAD).count() == 2

    staff, revisions = StaffMember.objects.count(), Revision.objects.count()
    run("import_staff", path)
    assert (StaffMember.objects.count(), Revision.objects.count()) == (staff, revisions)


def test_staff_matched_by_name_and_phone_gets_new_email(campus, write_file):
    member = StaffMember.objects.create(name="王楼长", phone="13900000001", email="old@example.edu.cn")
    run("import_staff", write_file(STAFF_ROWS[:2]))
    member.refresh_from_db()
    assert member.email == "wang@example.edu.cn"
    assert StaffMember.objects.filter(name="王楼长").count() == 1


def test_bad_staff_rows_are_all_reported(campus, write_file):
    rows = [
        STAFF_HEADER_ZH,
        ["王楼长", "校长", "沁园社区", "", "", "", "1", ""],  # line 2: unknown role
        ["李层长", "层长", "沁园社区", "沁园9栋", "2", "", "2", ""],  # line 3: no such building
        ["赵同学", "寝室长", "沁园社区", "沁园3栋", "1", "909", "3", ""],  # line 4: no such room
        ["", "层长", "沁园社区", "", "", "", "4", ""],  # line 5: no name
        ["钱同学", "寝室长", "沁园社区", "沁园3栋", "1", "", "5", ""],  # line 6: room head without room
        ["孙老师", "辅导员", "沁园社区", "", "", "", "6", "not-an-email"],  # line 7: email
    ]
    staff = StaffMember.objects.count()
    with pytest.raises(CommandError) as raised:
        run("import_staff", write_file(rows))
    message = str(raised.value)
    for line in range(2, 8):
        assert f"第 {line} 行：" in message
    assert StaffMember.objects.count() == staff


def test_export_roster_lists_everyone_responsible(campus, tmp_path):
    path = tmp_path / "roster.xlsx"
    run("export_roster", str(path))
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 1 + GridAssignment.objects.count() + Room.objects.filter(head__isnull=False).count()
    head = GridAssignment.objects.get(page=campus["qinyuan"]).staff
    assert ("沁园社区", None, None, None, head.name) == (rows[[r[5] for r in rows].index(head.name)][0], None, None, None, head.name)
    room = Room.objects.select_related("head").filter(floor__in=FloorPage.objects.child_of(campus["x3"]), number="502").get()
    assert any(r[3] == "502" and r[5] == room.head.name and r[7] == room.head.phone for r in rows)
    # Typed cells: the floor a number, the room and phone text (0 and long digits survive).
    sheet = load_workbook(path).active
    cells = next(r for r in sheet.iter_rows(min_row=2) if r[3].value == "502" and r[5].value == room.head.name)
    assert (cells[2].value, cells[2].data_type) == (5, "n")
    assert cells[3].number_format == "@" and cells[7].number_format == "@" and cells[7].data_type == "s"


def test_reference_index_knows_imported_room_heads(campus, write_file):
    from wagtail.models import ReferenceIndex

    run("import_staff", write_file(STAFF_ROWS))
    head = StaffMember.objects.get(name="赵同学")
    assert ReferenceIndex.get_references_to(head).exists()


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_counter_only_on_a_terminal(campus, write_file):
    path = write_file(NEW_GRID)
    assert "\r" not in run("import_grid", path, "--dry-run")
    out = Terminal()
    call_command("import_grid", path, stdout=out)
    assert "\r1/" in out.getvalue()
