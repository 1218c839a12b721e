"""Local roles: grid assignments turned into Wagtail group page permissions, and who approves.

Wagtail grants page rights to groups only, so each (page, role) that has people with
login accounts gets one auto-managed group named ``grid:<page id>:<role>``, holding the
role's rights (see rights.py) on that page, which Wagtail applies to the whole subtree.
``sync_page_access`` recomputes a page's groups from its assignments; it is idempotent and
called from signals and from ``manage.py sync_grid_access``.
"""

import swapper
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from grid_pages.models import CommunityPageMixin, GridAssignment

from .rights import APPROVER_ROLES, GROUP_PREFIX, STUDENT_AFFAIRS_GROUP, WORKFLOW_NAME, group_name, role_rights


def _page_model():
    return swapper.load_model("wagtailcore", "Page")


def _admin_access():
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _page_permissions(types):
    """Permission rows for Wagtail page permission types, through the (swappable) base page model."""
    Page = _page_model()
    codenames = {f"{t}_{Page._meta.model_name}": t for t in types}
    perms = Permission.objects.filter(
        content_type__app_label=Page._meta.app_label,
        content_type__model=Page._meta.model_name,
        codename__in=codenames,
    )
    return {codenames[p.codename]: p for p in perms}


def desired_page_access(page_id):
    """{role: set of user ids} that should hold rights on this page, from its assignments."""
    rights = role_rights()
    wanted = {}
    rows = GridAssignment.objects.filter(
        page_id=page_id, staff__user__isnull=False, staff__user__is_active=True
    ).values_list("role", "staff__user_id")
    for role, user_id in rows:
        if rights.get(role):
            wanted.setdefault(role, set()).add(user_id)
    return wanted


@transaction.atomic
def sync_page_access(page_id, dry_run=False):
    """Make the page's grid groups match its assignments; returns a list of changes made.

    A role with nobody left loses its group, which drops its page permissions and memberships
    at once. Queries are bounded by the roles on the page, not by the number of pages or users.
    """
    rights = role_rights()
    wanted = desired_page_access(page_id)
    prefix = f"{GROUP_PREFIX}{page_id}:"
    existing = {g.name[len(prefix):]: g for g in Group.objects.filter(name__startswith=prefix)}
    changes = []

    for role, group in existing.items():
        if role not in wanted:
            changes.append(f"delete group {group.name}")
            if not dry_run:
                group.delete()

    perms = _page_permissions({t for role in wanted for t in rights[role]}) if wanted else {}
    for role, user_ids in wanted.items():
        group = existing.get(role)
        if group is None:
            changes.append(f"create group {group_name(page_id, role)}")
            if dry_run:
                continue
            group = Group.objects.create(name=group_name(page_id, role))
            group.permissions.add(_admin_access())
        want_perm_ids = {perms[t].pk for t in rights[role] if t in perms}
        have = set(GroupPagePermission.objects.filter(group=group).values_list("permission_id", "page_id"))
        wanted_rows = {(pid, page_id) for pid in want_perm_ids}
        current_users = set(group.user_set.values_list("pk", flat=True))
        if have != wanted_rows or current_users != user_ids:
            changes.append(f"update group {group.name}: users {sorted(user_ids)}")
        if dry_run:
            continue
        if have - wanted_rows:
            GroupPagePermission.objects.filter(group=group).exclude(
                page_id=page_id, permission_id__in=want_perm_ids
            ).delete()
        GroupPagePermission.objects.bulk_create(
            [GroupPagePermission(group=group, page_id=pg, permission_id=pid) for pid, pg in wanted_rows - have]
        )
        if current_users != user_ids:
            group.user_set.set(user_ids)
    return changes


def sync_pages_access(page_ids):
    """``sync_page_access`` for those of ``page_ids`` that have, or should have, grid groups.

    A page where no assignment names a login account and no grid group exists has nothing to
    sync, so a bulk import of people without accounts costs two queries, not a sync per page.
    """
    page_ids = set(page_ids)
    if not page_ids:
        return []
    pending = set(
        GridAssignment.objects.filter(page_id__in=page_ids, staff__user__isnull=False).values_list("page_id", flat=True)
    )
    for name in Group.objects.filter(name__startswith=GROUP_PREFIX).values_list("name", flat=True):
        page_id = int(name[len(GROUP_PREFIX):].split(":")[0])
        if page_id in page_ids:
            pending.add(page_id)
    changes = []
    for page_id in sorted(pending):
        changes += sync_page_access(page_id)
    return changes


def sync_user_access(user, dry_run=False):
    """Re-sync every page where this user has, or should have, grid rights."""
    page_ids = set(
        GridAssignment.objects.filter(staff__user=user).values_list("page_id", flat=True)
    )
    for name in user.groups.filter(name__startswith=GROUP_PREFIX).values_list("name", flat=True):
        page_ids.add(int(name[len(GROUP_PREFIX):].split(":")[0]))
    changes = []
    for page_id in sorted(page_ids):
        changes += sync_page_access(page_id, dry_run=dry_run)
    return changes


def sync_role_access(role, dry_run=False):
    """Re-sync every page where a role is assigned or still has a group, after its rights changed."""
    page_ids = set(GridAssignment.objects.filter(role=role).values_list("page_id", flat=True).distinct())
    for name in Group.objects.filter(name__startswith=GROUP_PREFIX, name__endswith=f":{role}").values_list(
        "name", flat=True
    ):
        page_ids.add(int(name[len(GROUP_PREFIX):].split(":")[0]))
    changes = []
    for page_id in sorted(page_ids):
        changes += sync_page_access(page_id, dry_run=dry_run)
    return changes


def sync_all_access(dry_run=False):
    """Repair everything: every page with assignments or a grid group, and the workflow."""
    page_ids = set(GridAssignment.objects.values_list("page_id", flat=True).distinct())
    for name in Group.objects.filter(name__startswith=GROUP_PREFIX).values_list("name", flat=True):
        page_ids.add(int(name[len(GROUP_PREFIX):].split(":")[0]))
    changes = []
    for page_id in sorted(page_ids):
        changes += sync_page_access(page_id, dry_run=dry_run)
    for community in _page_model().objects.type(*_community_models()):
        changes += assign_grid_workflow(community, dry_run=dry_run)
    return changes


def _community_models():
    from wagtail.models import get_page_models

    return [m for m in get_page_models() if issubclass(m, CommunityPageMixin)]


def grid_workflow():
    """The grid workflow with its single approval task, created on first use."""
    from .models import GridApprovalTask

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.workflow_tasks.exists():
        task = GridApprovalTask.objects.filter(name=WORKFLOW_NAME).first() or GridApprovalTask.objects.create(
            name=WORKFLOW_NAME
        )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def assign_grid_workflow(community, dry_run=False):
    """Put a community's subtree under the grid workflow unless it already has a workflow of its own.

    An administrator may assign another workflow to a community in Settings > Workflows; sync
    leaves that choice alone.
    """
    if WorkflowPage.objects.filter(page_id=community.pk).exists():
        return []
    if not dry_run:
        WorkflowPage.objects.create(page_id=community.pk, workflow=grid_workflow())
    return [f"assign workflow {WORKFLOW_NAME} to page {community.pk}"]


def _is_student_affairs(user):
    return user.groups.filter(name=STUDENT_AFFAIRS_GROUP).exists()


def user_can_approve(user, obj):
    """Whether a user may approve a revision of this page in the grid workflow.

    Building and community heads approve pages strictly below their own page; superusers and
    the student-affairs group approve everything. A floor head never approves, so what they
    submit always goes a level up.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or _is_student_affairs(user):
        return True
    Page = _page_model()
    if not isinstance(obj, Page):
        return False
    return GridAssignment.objects.filter(
        staff__user=user,
        role__in=APPROVER_ROLES,
        page__in=Page.objects.ancestor_of(obj, inclusive=False),
    ).exists()


def filter_moderatable(task_states, user):
    """Narrow task states to those whose page this user may approve (for the dashboard)."""
    if not (user.is_authenticated and user.is_active):
        return task_states.none()
    if user.is_superuser or _is_student_affairs(user):
        return task_states
    Page = _page_model()
    heads = Page.objects.filter(
        grid_assignments__staff__user=user, grid_assignments__role__in=APPROVER_ROLES
    ).values_list("path", "depth")
    below = Q()
    for path, depth in heads:
        below |= Q(path__startswith=path, depth__gt=depth)
    if not below:
        return task_states.none()
    page_ids = Page.objects.filter(below).annotate(str_pk=Cast("pk", CharField())).values("str_pk")
    return task_states.filter(
        workflow_state__base_content_type__app_label=Page._meta.app_label,
        workflow_state__base_content_type__model=Page._meta.model_name,
        workflow_state__object_id__in=page_ids,
    )
