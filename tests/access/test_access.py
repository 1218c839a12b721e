"""Grid roles give page rights on their own subtree, through the admin's own views."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from grid_pages.access.rights import GROUP_PREFIX
from grid_pages.models import GridAssignment
from grid_pages.roles import GridRole

from grid_pages.access.models import RoleRights
from grid_pages.access.services import sync_all_access, sync_page_access
from tests.factories import GridAssignmentFactory

from .conftest import link_account, reload

pytestmark = pytest.mark.django_db

PAGES = ["x3f1", "x3f2", "x3", "xiangyuan", "x5f1", "q3"]
# Which of PAGES each actor may open in the editor.
CAN_EDIT = {
    "floor_head_x3f1": {"x3f1"},
    "building_head_x3": {"x3f1", "x3f2", "x3"},
    "community_head_xiangyuan": {"x3f1", "x3f2", "x3", "xiangyuan", "x5f1"},
    "floor_head_x5f1": {"x5f1"},
    "building_head_x5": {"x5f1"},
    "community_head_qinyuan": {"q3"},
    "counsellor_x3": {"x3f1", "x3f2", "x3"},
    "student_affairs": set(PAGES),
}


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


@pytest.mark.parametrize("actor", sorted(CAN_EDIT))
def test_edit_view_follows_the_subtree_of_the_role(client, grid, actors, actor):
    client.force_login(actors[actor])
    opened = {key for key in PAGES if client.get(edit_url(grid[key])).status_code == 200}
    assert opened == CAN_EDIT[actor]


@pytest.mark.parametrize(
    "actor, published",
    [
        ("floor_head_x3f1", False),  # edits, but publishing goes through the building head
        ("building_head_x3", True),
        ("community_head_xiangyuan", True),
        ("building_head_x5", False),
        ("community_head_qinyuan", False),
        ("counsellor_x3", False),
        ("student_affairs", True),
    ],
)
def test_publish_a_floor(client, grid, actors, edit_form_data, actor, published):
    floor = grid["x3f1"]
    data = {**edit_form_data(floor), "title": "一层（新）", "action-publish": "action-publish"}
    client.force_login(actors[actor])
    client.post(edit_url(floor), data)
    assert (reload(floor).title == "一层（新）") is published


def submit_floor(client, floor, user, data):
    client.force_login(user)
    client.post(edit_url(floor), {**data, "title": "一层（待审）", "action-submit": "action-submit"})
    return TaskState.objects.get(
        workflow_state__object_id=str(floor.pk), status=TaskState.STATUS_IN_PROGRESS
    )


@pytest.mark.parametrize(
    "approver, approved",
    [
        ("building_head_x3", True),
        ("community_head_xiangyuan", True),
        ("building_head_x5", False),
        ("community_head_qinyuan", False),
        ("floor_head_x3f1", False),  # nobody approves their own submission
        ("student_affairs", True),
    ],
)
def test_floor_submission_is_approved_a_level_up(client, grid, actors, edit_form_data, approver, approved):
    floor = grid["x3f1"]
    task_state = submit_floor(client, floor, actors["floor_head_x3f1"], edit_form_data(floor))
    assert reload(floor).title == "1层"
    assert task_state.task.specific.__class__.__name__ == "GridApprovalTask"

    client.force_login(actors[approver])
    url = reverse("wagtailadmin_pages:workflow_action", args=[floor.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""})
    assert response.status_code in (302, 403)
    assert (reload(floor).title == "一层（待审）") is approved
    assert (WorkflowState.objects.get(pk=task_state.workflow_state_id).status == "approved") is approved


def test_building_submission_goes_to_the_community(client, grid, actors, edit_form_data):
    building = grid["x3"]
    data = {**edit_form_data(building), "action-submit": "action-submit"}
    client.force_login(actors["building_head_x3"])
    client.post(edit_url(building), data)
    task_state = TaskState.objects.get(workflow_state__object_id=str(building.pk))
    task = task_state.task.specific
    assert not task.get_actions(reload(building), actors["building_head_x3"])
    assert not task.get_actions(reload(building), actors["community_head_qinyuan"])
    assert task.get_actions(reload(building), actors["community_head_xiangyuan"])
    # The approver's dashboard lists it; the neighbouring community's does not.
    assert task.get_task_states_user_can_moderate(actors["community_head_xiangyuan"]).filter(pk=task_state.pk)
    assert not task.get_task_states_user_can_moderate(actors["community_head_qinyuan"]).exists()


@pytest.mark.parametrize("how", ["delete assignment", "unlink user", "delete staff"])
def test_rights_go_at_once(client, grid, actors, how):
    user = actors["building_head_x3"]
    client.force_login(user)
    assert client.get(edit_url(grid["x3f1"])).status_code == 200
    assignment = GridAssignment.objects.get(page=grid["x3"], role=GridRole.BUILDING_HEAD)
    if how == "delete assignment":
        assignment.delete()
    elif how == "unlink user":
        assignment.staff.user = None
        assignment.staff.save()
    else:
        assignment.staff.delete()
    assert client.get(edit_url(grid["x3f1"])).status_code != 200
    assert not Group.objects.filter(name=f"{GROUP_PREFIX}{grid['x3'].pk}:building_head").exists()


def test_removing_an_assignment_through_the_editor_removes_rights(client, grid, actors, edit_form_data, admin_user):
    building = grid["x3"]
    data = edit_form_data(building)
    head = GridAssignment.objects.get(page=building, role=GridRole.BUILDING_HEAD)
    id_field = next(
        k for k, v in data.items() if k.startswith("grid_assignments-") and k.endswith("-id") and v == str(head.pk)
    )
    prefix = id_field[: -len("-id")]
    data[f"{prefix}-DELETE"] = "1"
    client.force_login(admin_user)
    client.post(edit_url(building), {**data, "action-publish": "action-publish"})
    assert not GridAssignment.objects.filter(page=building, role=GridRole.BUILDING_HEAD).exists()
    client.force_login(actors["building_head_x3"])
    assert client.get(edit_url(grid["x3f1"])).status_code != 200


def test_sync_command_repairs_and_is_idempotent(grid, actors):
    Group.objects.filter(name__startswith=GROUP_PREFIX).delete()
    assert not actors["floor_head_x3f1"].groups.exists()
    call_command("sync_grid_access", dry_run=True)
    assert not Group.objects.filter(name__startswith=GROUP_PREFIX).exists()
    call_command("sync_grid_access")
    assert actors["floor_head_x3f1"].groups.filter(name=f"{GROUP_PREFIX}{grid['x3f1'].pk}:floor_head").exists()
    assert sync_all_access() == []
    call_command("sync_grid_access", dry_run=True, stdout=StringIO())


def test_sync_queries_do_not_grow_with_people(grid, actors, django_user_model):
    floor = grid["x3f1"]
    Group.objects.filter(name__startswith=GROUP_PREFIX).delete()
    with CaptureQueriesContext(connection) as one_person:
        sync_page_access(floor.pk)
    for n in range(5):
        assignment = GridAssignmentFactory(page=floor, role=GridRole.FLOOR_HEAD)
        link_account(django_user_model, assignment, f"extra-{n}")
    Group.objects.filter(name__startswith=GROUP_PREFIX).delete()
    with CaptureQueriesContext(connection) as six_people:
        sync_page_access(floor.pk)
    assert len(six_people) == len(one_person)
    assert django_user_model.objects.filter(groups__name=f"{GROUP_PREFIX}{floor.pk}:floor_head").count() == 6


def test_administrator_adjusts_role_rights_in_the_admin(client, grid, actors, edit_form_data, admin_user):
    rights = RoleRights.objects.get(role=GridRole.FLOOR_HEAD)
    client.force_login(admin_user)
    assert client.get(reverse("wagtailsnippets_grid_access_rolerights:list")).status_code == 200
    url = reverse("wagtailsnippets_grid_access_rolerights:edit", args=[rights.pk])
    response = client.post(url, {"role": "floor_head", "can_add": "on", "can_edit": "on", "can_publish": "on"})
    assert response.status_code == 302
    floor = grid["x3f1"]
    data = {**edit_form_data(floor), "title": "一层（直发）", "action-publish": "action-publish"}
    client.force_login(actors["floor_head_x3f1"])
    client.post(edit_url(floor), data)
    assert reload(floor).title == "一层（直发）"

    # Taking edit away closes the editor at once for every floor head.
    client.force_login(admin_user)
    client.post(url, {"role": "floor_head"})
    client.force_login(actors["floor_head_x5f1"])
    assert client.get(edit_url(grid["x5f1"])).status_code != 200


def test_deleting_a_page_drops_its_groups(grid, actors):
    floor = grid["x3f1"]
    assert Group.objects.filter(name__startswith=f"{GROUP_PREFIX}{floor.pk}:").exists()
    floor.delete()
    assert not Group.objects.filter(name__startswith=f"{GROUP_PREFIX}{floor.pk}:").exists()
    assert not actors["floor_head_x3f1"].groups.exists()
