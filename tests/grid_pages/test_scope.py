"""The grid's local roles as every record-keeping sub-app reads them (grid_pages.scope)."""

import pytest
from django.contrib.auth.models import Group

from grid_pages import scope
from grid_pages.models import FloorPage, GridAssignment
from grid_pages.roles import GridRole


@pytest.fixture
def people(campus, django_user_model):
    x3 = campus["x3"]
    floor = x3.get_children().type(FloorPage).first().specific

    def login_for(page, role, name):
        user = django_user_model.objects.create_user(name)
        assignment = GridAssignment.objects.filter(page=page, role=role).select_related("staff").first()
        assignment.staff.user = user
        assignment.staff.save()
        return user

    office = django_user_model.objects.create_user("office")
    office.groups.add(Group.objects.get_or_create(name="学生工作部")[0])
    return {
        "floor": floor,
        "floor_head": login_for(floor, GridRole.FLOOR_HEAD, "floorhead"),
        "building_head": login_for(x3, GridRole.BUILDING_HEAD, "buildinghead"),
        "office": office,
        "nobody": django_user_model.objects.create_user("nobody"),
    }


def test_roles_give_their_pages_and_the_office_the_whole_campus(campus, people):
    assert scope.staff_page_ids(people["floor_head"]) == {people["floor"].pk}
    assert scope.staff_page_ids(people["building_head"]) == {campus["x3"].pk}
    assert scope.staff_page_ids(people["nobody"]) == frozenset()
    assert scope.is_office(people["office"]) and not scope.is_office(people["building_head"])
    # Room heads are students: no staff scope even with a login.
    assert scope.staff_page_ids(people["floor_head"], roles=[GridRole.ROOM_HEAD]) == frozenset()


def test_in_pages_filters_by_any_level_and_skips_missing_levels(campus, people):
    pages = FloorPage.objects.filter(scope.in_pages([people["floor"].pk], community=None, building=None, floor="page_ptr"))
    assert [page.pk for page in pages] == [people["floor"].pk]


def test_pages_in_scope_keeps_the_levels_above_for_filters(campus, people):
    floors = set(scope.pages_in_scope(people["floor_head"], FloorPage.objects.all()).values_list("pk", flat=True))
    assert floors == {people["floor"].pk}
    above = scope.pages_in_scope(people["floor_head"], type(campus["x3"]).objects.all())
    assert list(above.values_list("pk", flat=True)) == [campus["x3"].pk]
    assert scope.pages_in_scope(people["nobody"], FloorPage.objects.all()).count() == 0
    assert scope.pages_in_scope(people["office"], FloorPage.objects.all()).count() == FloorPage.objects.count()
