"""Shared set-up for the cases tests: the matter list, handlers with logins, and cases."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Locale

from grid_pages.cases import services
from grid_pages.cases.models import CaseCategory, CaseKind, Department, HandlingLevel
from grid_pages.models import Room
from grid_pages.roles import GridRole
from tests.factories import GridAssignmentFactory, StaffMemberFactory

MATTERS = {
    CaseKind.REPAIR: [
        ("水", HandlingLevel.BUILDING, 2, ""),
        ("电", HandlingLevel.BUILDING, 1, ""),
        ("门窗", HandlingLevel.FLOOR, 3, ""),
        ("家具", HandlingLevel.FLOOR, 3, ""),
        ("网络", HandlingLevel.DEPARTMENT, 2, "网络信息中心"),
        ("空调", HandlingLevel.DEPARTMENT, 3, "后勤保障处"),
        ("其他", HandlingLevel.FLOOR, 3, ""),
    ],
    CaseKind.SUGGESTION: [
        ("学习", HandlingLevel.COMMUNITY, 5, ""),
        ("生活", HandlingLevel.FLOOR, 5, ""),
        ("安全", HandlingLevel.BUILDING, 2, ""),
        ("后勤", HandlingLevel.OFFICE, 5, ""),
        ("其他", HandlingLevel.FLOOR, 5, ""),
    ],
}


@pytest.fixture
def matters(db):
    """{(kind, name): CaseCategory} in the default locale (transactional tests flush the
    migration's rows, so they are made again here when missing)."""
    locale = Locale.get_default()
    found = {}
    for kind, rows in MATTERS.items():
        for order, (name, level, days, department) in enumerate(rows):
            category, _ = CaseCategory.objects.get_or_create(
                kind=kind,
                name=name,
                locale=locale,
                defaults={
                    "handling_level": level,
                    # Repairs answer within 1 working day, suggestions within 2; ``days`` to resolve.
                    "response_time": 1 if kind == CaseKind.REPAIR else 2,
                    "resolution_time": days,
                    "department": Department.objects.get_or_create(name=department)[0] if department else None,
                    "sort_order": order,
                },
            )
            found[(kind, name)] = category
    return found


def make_user(username, *, staff=None, page=None, role=None, groups=(), superuser=False):
    """A login with admin access; with ``page`` and ``role`` also a grid assignment."""
    User = get_user_model()
    user = User.objects.create_user(username, f"{username}@example.edu.cn", "pw-" + username)
    user.is_superuser = superuser
    user.save()
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    if page is not None:
        staff = staff or StaffMemberFactory(name=f"{username}-人")
        staff.user = user
        staff.save()
        GridAssignmentFactory(page=page, role=role, staff=staff)
    return user


@pytest.fixture
def grid_users(campus):
    """Logins for each role on the campus fixture: 庠园 community, building x3 and x5, floor x3/5, 沁园 q3."""
    x3 = campus["x3"]
    x3_floor5 = x3.get_children().specific().get(slug="f5")
    return {
        "office": make_user("office", groups=["学生工作部"]),
        "admin": make_user("admin", superuser=True),
        "community_head": make_user("xy_head", page=campus["xiangyuan"], role=GridRole.COMMUNITY_HEAD),
        "building_head": make_user("x3_head", page=x3, role=GridRole.BUILDING_HEAD),
        "floor_head": make_user("x3f5_head", page=x3_floor5, role=GridRole.FLOOR_HEAD),
        "other_building_head": make_user("x5_head", page=campus["x5"], role=GridRole.BUILDING_HEAD),
        "other_community_head": make_user("qy_head", page=campus["qinyuan"], role=GridRole.COMMUNITY_HEAD),
        "room_head": make_user("x3_502_head", page=x3_floor5, role=GridRole.ROOM_HEAD),
        "nobody": make_user("nobody"),
    }


def room_of(building, number):
    return Room.objects.get(floor__in=building.get_descendants(), number=number)


@pytest.fixture
def submit(matters):
    """submit(building, room_number, kind=..., matter=..., **fields) -> Case, through the service."""

    def _submit(building, number=None, *, kind=CaseKind.REPAIR, matter=None, description="宿舍水龙头漏水", **fields):
        matter = matter or ("水" if kind == CaseKind.REPAIR else "生活")
        room = room_of(building, number) if number else None
        case, _ = services.submit_case(
            kind=kind,
            category=matters[(kind, matter)],
            room=room,
            building=None if room else building,
            description=description,
            **fields,
        )
        return case

    return _submit


@pytest.fixture(autouse=True)
def clear_rate_limits(db):
    """Rate-limit counters live in the shared (database) cache: start each test from zero."""
    from django.core.cache import caches

    caches["shared"].clear()
    yield
    caches["shared"].clear()


@pytest.fixture
def users(grid_users):
    """``grid_users`` with the admin in English, so assertions on messages do not depend on the
    zh_Hans catalogue."""
    from wagtail.users.models import UserProfile

    for user in grid_users.values():
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
    return grid_users
