"""scope.py: which cases each grid role sees and handles (the rules in one module)."""

import pytest

from grid_pages.cases import scope
from grid_pages.cases.models import Case, CaseKind

# Where the cases are: (building key, room) -> name.
PLACES = {
    "x3_floor5": ("x3", "502"),
    "x3_floor1": ("x3", "101"),
    "x5": ("x5", "201"),
    "q3": ("q3", "101"),
}

# Role -> the places whose cases it sees (and handles).
EXPECTED = {
    "office": {"x3_floor5", "x3_floor1", "x5", "q3"},
    "admin": {"x3_floor5", "x3_floor1", "x5", "q3"},
    "community_head": {"x3_floor5", "x3_floor1", "x5"},
    "building_head": {"x3_floor5", "x3_floor1"},
    "floor_head": {"x3_floor5"},
    "other_building_head": {"x5"},
    "other_community_head": {"q3"},
    "room_head": set(),
    "nobody": set(),
}


@pytest.fixture
def placed_cases(campus, submit):
    return {name: submit(campus[building], room) for name, (building, room) in PLACES.items()}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_its_part_of_the_grid(role, grid_users, placed_cases):
    user = grid_users[role]
    visible = set(scope.visible_cases(user).values_list("pk", flat=True))
    expected = {placed_cases[name].pk for name in EXPECTED[role]}
    assert visible == expected
    for name, case in placed_cases.items():
        assert scope.can_view(user, case) == (name in EXPECTED[role])
        assert scope.can_handle(user, case) == (name in EXPECTED[role])
    assert scope.can_use_queue(user) == bool(EXPECTED[role])


def test_a_building_level_suggestion_is_seen_by_the_building_not_its_floors(campus, submit, grid_users):
    case = submit(campus["x3"], None, kind=CaseKind.SUGGESTION, matter="安全")
    assert case.floor_id is None
    assert scope.can_view(grid_users["building_head"], case)
    assert scope.can_view(grid_users["community_head"], case)
    assert not scope.can_view(grid_users["floor_head"], case)


def test_inactive_and_anonymous_users_see_nothing(grid_users, placed_cases):
    from django.contrib.auth.models import AnonymousUser

    user = grid_users["building_head"]
    user.is_active = False
    user.save()
    assert not scope.visible_cases(user).exists()
    assert not scope.visible_cases(AnonymousUser()).exists()
    assert Case.objects.count() == 4


def test_anonymous_senders_contact_is_hidden_even_from_the_office(campus, submit, grid_users):
    named = submit(campus["x3"], "502", email="s@example.edu.cn")
    anonymous = submit(campus["x3"], None, kind=CaseKind.SUGGESTION, anonymous=True, email="s@example.edu.cn")
    assert scope.can_see_contact(grid_users["office"], named)
    assert not scope.can_see_contact(grid_users["office"], anonymous)
    assert not scope.can_see_contact(grid_users["other_building_head"], named)


def test_removing_an_assignment_removes_the_scope(grid_users, placed_cases):
    from grid_pages.models import GridAssignment

    user = grid_users["floor_head"]
    assert scope.visible_cases(user).exists()
    GridAssignment.objects.filter(staff__user=user).delete()
    fresh = type(user).objects.get(pk=user.pk)  # the page ids are cached per request user object
    assert not scope.visible_cases(fresh).exists()


def test_filter_choices_offer_only_the_users_part_of_the_grid(campus, grid_users):
    from grid_pages.cases.scope import grid_pages_in_scope
    from grid_pages.models import BuildingPage, CommunityPage

    def titles(role, model):
        return sorted(grid_pages_in_scope(grid_users[role], model.objects.all()).values_list("title", flat=True))

    assert titles("floor_head", CommunityPage) == ["庠园社区"]
    assert titles("floor_head", BuildingPage) == ["庠园3栋"]
    assert titles("community_head", BuildingPage) == ["庠园3栋", "庠园5栋"]
    assert titles("other_community_head", BuildingPage) == ["沁园3栋"]
    assert titles("office", CommunityPage) == ["庠园社区", "沁园社区"]
    assert titles("nobody", BuildingPage) == []
