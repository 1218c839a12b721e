"""Demo party-member dorm plaques for the seeded campus: ``seed(home, stdout)``.

Deterministic and idempotent: the same rooms get the same plaques, a room that
already carries an active plaque is left alone, and the showcase page is made once.
"""

import datetime

from django.db import transaction

from grid_pages.models import BuildingPage, Room
from grid_pages.plaques.models import MemberStatus, Plaque, PlaqueIndexPage, PlaqueKind, PlaqueMember
from home.demo_campus import ensure_index_page

INDEX_SLUG = "dangyuan-sushe"
INDEX_TITLE = "党员宿舍风采"
INDEX_TITLE_EN = "Party Member Dorms"
INDEX_INTRODUCTION = "党员亮身份、树形象、作表率。扫描寝室门牌上的二维码，即可找到本寝室的网格员。"

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["子涵", "思远", "雨桐", "浩然", "欣怡", "俊杰", "梓萱", "宇轩", "佳怡", "明哲", "诗琪", "博文"]
COMMITMENTS = {
    PlaqueKind.DORM: "亮明党员身份，宿舍整洁安全，学习互帮互助，有事就找我们。",
    PlaqueKind.MODEL_DORM: "争做学习标兵、文明标兵、服务标兵，带动全楼层共建文明寝室。",
    PlaqueKind.PIONEER_POST: "守护楼栋安全，协助层长巡查，第一时间为同学解决困难。",
}
STATUS_CYCLE = [MemberStatus.FULL, MemberStatus.PROBATIONARY, MemberStatus.CANDIDATE, MemberStatus.ACTIVIST]
KIND_CYCLE = [PlaqueKind.DORM, PlaqueKind.MODEL_DORM, PlaqueKind.DORM, PlaqueKind.PIONEER_POST]


def _name(n):
    return SURNAMES[n * 7 % len(SURNAMES)] + GIVEN[n * 5 % len(GIVEN)]


INDEX_INTRODUCTION_EN = (
    "Party members show who they are and lead by example. Scan the QR code on a dorm's plaque "
    "to reach the grid members responsible for that room."
)


def _ensure_index(home, stdout):
    return ensure_index_page(
        home, PlaqueIndexPage, slug=INDEX_SLUG, title=INDEX_TITLE, introduction=INDEX_INTRODUCTION,
        title_en=INDEX_TITLE_EN, introduction_en=INDEX_INTRODUCTION_EN, stdout=stdout,
    )


def _chosen_rooms(home):
    """Two rooms per building of the home's language: one low, one high; the same ones every run."""
    buildings = BuildingPage.objects.descendant_of(home).filter(locale=home.locale).order_by("path")
    for b_index, building in enumerate(buildings):
        rooms = list(
            Room.objects.filter(floor__path__startswith=building.path, floor__depth=building.depth + 1)
            .select_related("floor")
            .order_by("floor__path", "sort_order", "pk")
        )
        if rooms:
            yield b_index, 0, rooms[len(rooms) // 5]
            yield b_index, 1, rooms[len(rooms) * 3 // 4]


@transaction.atomic
def seed(home, stdout):
    """Add the showcase page and plaques with members; a second run changes nothing."""
    _ensure_index(home, stdout)
    taken = set(Plaque.objects.active().values_list("room_id", flat=True))
    created = 0
    for b_index, slot, room in _chosen_rooms(home):
        if room.pk in taken:
            continue
        n = b_index * 2 + slot
        kind = KIND_CYCLE[n % len(KIND_CYCLE)]
        plaque = Plaque(
            room=room, kind=kind, since=datetime.date(2023 + n % 3, 9, 1 + n % 20), commitment=COMMITMENTS[kind]
        )
        plaque.save()
        beds = max(2, min(room.beds, 4))
        # The first member is always a full member: a party member dorm needs one.
        statuses = [MemberStatus.FULL] + [STATUS_CYCLE[(n + i) % 4] for i in range(1, beds)]
        PlaqueMember.objects.bulk_create(
            PlaqueMember(plaque=plaque, name=_name(n * 4 + i), status=status, sort_order=i)
            for i, status in enumerate(statuses)
        )
        created += 1
    stdout.write(f"Party member dorm plaques: {created} created, {Plaque.objects.active().count()} active.")
