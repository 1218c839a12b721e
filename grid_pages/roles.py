"""Grid roles and the duties the grid rules give each of them by default."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class GridRole(models.TextChoices):
    COMMUNITY_HEAD = "community_head", _("Community head")
    BUILDING_HEAD = "building_head", _("Building head")
    FLOOR_HEAD = "floor_head", _("Floor head")
    COUNSELLOR = "counsellor", _("Counsellor")
    ROOM_HEAD = "room_head", _("Room head")
    DORM_KEEPER = "dorm_keeper", _("Dormitory keeper")
    OTHER = "other", _("Other role")


DEFAULT_DUTIES = {
    GridRole.COMMUNITY_HEAD: _(
        "Leads the community grid: coordinates the buildings, chairs the community's regular "
        "meetings, settles matters the buildings cannot and refers them to the student-affairs "
        "office or a functional department."
    ),
    GridRole.BUILDING_HEAD: _(
        "Leads the building as party-branch secretary: organises the floor heads, inspects "
        "safety and hygiene, handles matters referred by the floors and reports upward."
    ),
    GridRole.FLOOR_HEAD: _(
        "Visits the floor's rooms regularly, guides dorm culture and daily management, "
        "listens to students and handles or refers what they report."
    ),
    GridRole.COUNSELLOR: _(
        "Looks after the students' studies, well-being and conduct, talks with students in "
        "difficulty and keeps in touch with their families when needed."
    ),
    GridRole.ROOM_HEAD: _(
        "Runs the room's daily safety checks, keeps it tidy, reports repairs and anything "
        "unusual to the floor head, and passes on notices to roommates."
    ),
    GridRole.DORM_KEEPER: _(
        "Keeps the building's entrance and register, checks water, power and fire safety, "
        "and receives repair requests at the front desk."
    ),
    GridRole.OTHER: "",
}

# The chain a student follows upward from a room.
CHAIN_ORDER = [
    GridRole.ROOM_HEAD,
    GridRole.FLOOR_HEAD,
    GridRole.BUILDING_HEAD,
    GridRole.COMMUNITY_HEAD,
]
