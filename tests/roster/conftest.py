"""Shared set-up for the roster tests: logins per grid role and a small fixed roster."""

import pytest

from grid_pages.roles import GridRole
from grid_pages.roster import services
from grid_pages.roster.models import Student
from tests.cases.conftest import make_user, room_of

__all__ = ["make_user", "room_of"]


@pytest.fixture
def roster_users(campus):
    x3 = campus["x3"]
    return {
        "office": make_user("office", groups=["学生工作部"]),
        "community_head": make_user("xy_head", page=campus["xiangyuan"], role=GridRole.COMMUNITY_HEAD),
        "building_head": make_user("x3_head", page=x3, role=GridRole.BUILDING_HEAD),
        "floor_head": make_user("x3f5_head", page=x3.get_children().get(slug="f5"), role=GridRole.FLOOR_HEAD),
        "other_floor_head": make_user("x3f1_head", page=x3.get_children().get(slug="f1"), role=GridRole.FLOOR_HEAD),
        "other_community_head": make_user("qy_head", page=campus["qinyuan"], role=GridRole.COMMUNITY_HEAD),
        "nobody": make_user("nobody"),
    }


def student(number, name, room=None, bed=None, college="文学院", active=True, phone=None):
    return Student.objects.create(
        number=number, name=name, college=college, class_name="2024级1班", phone=phone or f"1380000{number[-4:]}",
        room=room, bed=bed, active=active,
    )


@pytest.fixture
def roster(campus):
    """x3 501 beds 1-4 (文学院), x3 502 beds 1-2 (理学院) and bed 3 marked empty, x5 101 bed 1 (理学院),
    one 文学院 student without a room, one who left (not counted), and x3 101 bed 1 on floor 1."""
    x3, x5 = campus["x3"], campus["x5"]
    r501, r502, r101, x5_101 = room_of(x3, "501"), room_of(x3, "502"), room_of(x3, "101"), room_of(x5, "101")
    made = {}
    for bed in range(1, 5):
        made[f"501-{bed}"] = student(f"20240501{bed:02d}", f"张伟{bed}", r501, bed)
    for bed in (1, 2):
        made[f"502-{bed}"] = student(f"20240502{bed:02d}", f"李娜{bed}", r502, bed, college="理学院")
    services.mark_bed_empty(r502, 3)
    made["x5-101"] = student("2024510101", "王芳", x5_101, 1, college="理学院")
    made["101-1"] = student("2024010101", "孙丽", r101, 1)
    made["roomless"] = student("2024999901", "赵敏", college="文学院")
    made["gone"] = student("2023999902", "钱进", college="理学院", active=False)
    return {"students": made, "rooms": {"501": r501, "502": r502, "101": r101, "x5-101": x5_101}}
