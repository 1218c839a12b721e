"""Which page rights each grid role carries on its own page's subtree.

Administrators adjust them in Settings > Role rights (the RoleRights model, seeded from
DEFAULT_ROLE_RIGHTS by a data migration); a role without a row uses the default below.
Values are Wagtail page permission types. Floor heads get no ``publish`` so that what they
write goes through the grid workflow and is approved a level up.
"""

from grid_pages.roles import GridRole

DEFAULT_ROLE_RIGHTS = {
    GridRole.COMMUNITY_HEAD: ("add", "change", "publish", "lock", "unlock"),
    GridRole.BUILDING_HEAD: ("add", "change", "publish", "lock", "unlock"),
    GridRole.FLOOR_HEAD: ("add", "change"),
    GridRole.COUNSELLOR: ("change",),
    GridRole.ROOM_HEAD: (),
    GridRole.DORM_KEEPER: (),
    GridRole.OTHER: (),
}

# Heads who approve what is submitted below their page (see GridApprovalTask).
APPROVER_ROLES = (GridRole.BUILDING_HEAD, GridRole.COMMUNITY_HEAD)

# The data migration creates this group with every page right on the whole tree.
STUDENT_AFFAIRS_GROUP = "学生工作部"

# Auto-managed groups are named GROUP_PREFIX + "<page id>:<role>"; sync owns every group so named.
GROUP_PREFIX = "grid:"

WORKFLOW_NAME = "网格审核"


def role_rights():
    """The role -> page permission types mapping in force: the admin's rows over the defaults."""
    from .models import RoleRights

    rights = {str(role): tuple(types) for role, types in DEFAULT_ROLE_RIGHTS.items()}
    rights.update({row.role: row.permission_types for row in RoleRights.objects.all()})
    return rights


def group_name(page_id, role):
    return f"{GROUP_PREFIX}{page_id}:{role}"
