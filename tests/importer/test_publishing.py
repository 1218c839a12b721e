"""What an import leaves behind is what Wagtail's publish would: live pages with a published
revision and their log entries, a sound tree, the search index, workflow and local roles; pages
Wagtail must publish itself (a workflow in progress) still go through Wagtail."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageLogEntry, Revision, WorkflowPage, WorkflowState
from wagtail.search.backends import get_search_backend

from grid_pages.access.rights import group_name
from grid_pages.importer import services
from grid_pages.models import BuildingPage, CommunityPage, FloorPage, GridAssignment, StaffMember
from grid_pages.roles import GridRole

from .conftest import GRID_HEADER_ZH, NEW_GRID as GRID, STAFF_HEADER_ZH, csv_bytes

pytestmark = pytest.mark.django_db

def import_rows(rows, kind, user):
    plan = services.import_file(csv_bytes(rows), f"{kind}.csv", kind, user=user)
    assert plan.ok, plan.errors
    return plan


def test_new_pages_are_live_with_one_published_revision_and_their_log(client, campus, importer_user):
    # A page already holds the slug the new building would take: it gets the next one, as in Wagtail.
    campus["qinyuan"].add_child(instance=BuildingPage(title="七栋", slug="7", short_number="7B"))
    import_rows(GRID, "grid", importer_user)
    meiyuan = CommunityPage.objects.get(title="梅园社区")
    b7 = BuildingPage.objects.get(title="7栋")
    new = [meiyuan, b7, BuildingPage.objects.get(title="A座"), *FloorPage.objects.descendant_of(b7)]
    assert len(new) == 5
    for page in new:
        page.refresh_from_db()
        assert page.live and not page.has_unpublished_changes and page.first_published_at
        assert page.live_revision_id == page.latest_revision_id
        assert page.live_revision.user == importer_user
        assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 1
        logs = PageLogEntry.objects.filter(page=page)
        assert sorted(logs.values_list("action", flat=True)) == ["wagtail.create", "wagtail.publish"]
        assert {log.user for log in logs} == {importer_user}
        assert logs.get(action="wagtail.publish").revision_id == page.live_revision_id
        assert page.url_path == page.get_parent().url_path + page.slug + "/"
    assert b7.slug == "7-2"  # readable ASCII slugs (grid_pages.slugs): the number, the name in pinyin
    assert meiyuan.slug == "meiyuan" and BuildingPage.objects.get(title="A座").slug == "a"
    assert sorted(FloorPage.objects.child_of(b7).values_list("slug", flat=True)) == ["1", "2"]
    assert Page.find_problems() == ([], [], [], [], [])
    assert campus["qinyuan"].get_children().count() == Page.objects.get(pk=campus["qinyuan"].pk).numchild
    floor1 = FloorPage.objects.child_of(b7).get(number=1)
    assert [room["number"] for room in floor1.live_revision.content["grid_rooms"]] == ["101", "102"]
    assert WorkflowPage.objects.filter(page=meiyuan).exists()  # the grid workflow, as for a community saved in the admin
    assert meiyuan in get_search_backend().search("梅园", CommunityPage)
    response = client.get(floor1.url)
    assert response.status_code == 200 and "102" in response.content.decode()


def test_imported_pages_get_ascii_slugs_unique_among_siblings(client, home_page, importer_user):
    rows = [
        GRID_HEADER_ZH,
        ["东区梅园社区", "梅园3栋", "5", "501", "", "", ""],
        ["东区梅园社区", "梅园3座", "B1", "B101", "", "", ""],  # the same number: 3, then 3-2
        ["西区竹园社区", "竹园3栋", "5层", "501", "", "", ""],  # 3 again, in another community
        ["东区楣园社区", "楣园1栋", "1", "101", "", "", ""],  # 楣园 and 梅园 are both meiyuan
        ["梅园社区", "！！", "1", "101", "", "", ""],
        ["😀", "Café 2栋", "1", "101", "", "", ""],
    ]
    import_rows(rows, "grid", importer_user)
    slugs = {p.title: p.slug for p in Page.objects.type(CommunityPage, BuildingPage)}
    assert slugs == {
        "东区梅园社区": "dongqu-meiyuan",
        "西区竹园社区": "xiqu-zhuyuan",
        "东区楣园社区": "dongqu-meiyuan-2",
        "梅园社区": "meiyuan",
        "😀": "grinning",
        "梅园3栋": "3",
        "梅园3座": "3-2",
        "竹园3栋": "3",
        "楣园1栋": "1",
        "!!": "building",  # the importer reads full-width characters as half-width
        "Café 2栋": "2",
    }
    basement = FloorPage.objects.get(number=-1)
    assert basement.url == "/dongqu-meiyuan/3-2/b1/"
    assert client.get(basement.url).status_code == 200
    assert all(p.slug.isascii() for p in Page.objects.descendant_of(home_page))


def test_importing_again_writes_nothing(campus, importer_user):
    import_rows(GRID, "grid", importer_user)
    counts = Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count()
    plan = import_rows(GRID, "grid", importer_user)
    assert not plan.has_changes
    assert (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count()) == counts


def test_staff_import_publishes_existing_pages_with_their_people_and_rights(campus, importer_user, django_user_model):
    floor = FloorPage.objects.child_of(campus["q3"]).get(number=2)
    member = StaffMember.objects.create(name="李层长", phone="13900000002")
    member.user = django_user_model.objects.create_user("li", password="x")
    member.save()
    revisions = Revision.page_revisions.filter(object_id=str(floor.pk)).count()
    rows = [
        STAFF_HEADER_ZH,
        ["李层长", "层长", "沁园社区", "沁园3栋", "2", "", "13900000002", ""],
        ["钱同学", "寝室长", "沁园社区", "沁园3栋", "2", "201", "13900000005", ""],
    ]
    import_rows(rows, "staff", importer_user)
    floor.refresh_from_db()
    assert Revision.page_revisions.filter(object_id=str(floor.pk)).count() == revisions + 1
    assert floor.live_revision_id == floor.latest_revision_id and not floor.has_unpublished_changes
    content = floor.live_revision.content
    assert [a["staff"] for a in content["grid_assignments"]][-1] == member.pk  # after the floor's earlier head
    assert [a.staff for a in floor.grid_assignments.order_by("sort_order")][-1] == member
    head = StaffMember.objects.get(name="钱同学")
    assert {r["number"]: r["head"] for r in content["grid_rooms"]}["201"] == head.pk
    assert list(PageLogEntry.objects.filter(page=floor, revision=floor.live_revision).values_list("action", flat=True)) == [
        "wagtail.publish"
    ]
    # The person's login gets the floor head's rights on the floor, once the assignment is there.
    group = Group.objects.get(name=group_name(floor.pk, GridRole.FLOOR_HEAD))
    assert member.user in group.user_set.all()
    assert head in get_search_backend().search("钱同学", StaffMember)


def test_a_page_in_moderation_is_published_through_wagtail(campus, importer_user, django_user_model):
    floor = FloorPage.objects.child_of(campus["q3"]).get(number=1)
    editor = django_user_model.objects.create_user("floor-editor", password="x")
    floor.title = "一层（待审）"
    floor.save_revision(user=editor)
    floor.get_workflow().start(floor, editor)
    rows = [STAFF_HEADER_ZH, ["钱同学", "寝室长", "沁园社区", "沁园3栋", "1", "101", "13900000005", ""]]
    import_rows(rows, "staff", importer_user)
    floor = FloorPage.objects.get(pk=floor.pk)
    # Wagtail's publish cancels the workflow and publishes the live page plus the import's change.
    assert not WorkflowState.objects.active().filter(object_id=str(floor.pk)).exists()
    assert floor.title == "1层" and floor.live_revision_id == floor.latest_revision_id
    assert floor.grid_rooms.get(number="101").head.name == "钱同学"
    assert GridAssignment.objects.filter(page=floor).count() == 1


def test_an_import_refreshes_postgresql_statistics_once_committed(campus, importer_user, django_capture_on_commit_callbacks):
    """PostgreSQL plans the room lookup from table statistics: an import analyses the grid's tables
    after its commit rather than leaving it to autovacuum (docs/performance.md, "Search and memory")."""
    from django.db import connection

    from grid_pages.models import Room

    def room_estimate():
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Room._meta.db_table])
            return cursor.fetchone()[0]

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_rows(GRID, "grid", importer_user)
    before = room_estimate()
    for callback in callbacks:
        callback()
    if connection.vendor == "postgresql":
        # ANALYZE counts the rows this (test) transaction wrote; before it the estimate was stale.
        assert room_estimate() == Room.objects.count() != before
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone() is None  # SQLite keeps planning without gathered statistics
