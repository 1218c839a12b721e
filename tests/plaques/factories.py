import datetime

import factory

from grid_pages.plaques.models import MemberStatus, Plaque, PlaqueKind, PlaqueMember


class PlaqueFactory(factory.django.DjangoModelFactory):
    kind = PlaqueKind.DORM
    since = datetime.date(2024, 9, 1)
    commitment = "亮身份、树形象、作表率，宿舍卫生争优秀。"

    class Meta:
        model = Plaque
        skip_postgeneration_save = True

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        """``members=[("张三", MemberStatus.FULL), ...]``; two members by default."""
        if not create:
            return
        rows = extracted if extracted is not None else [("党员甲", MemberStatus.FULL), ("党员乙", MemberStatus.PROBATIONARY)]
        for i, (name, status) in enumerate(rows):
            PlaqueMemberFactory(plaque=self, name=name, status=status, sort_order=i)


class PlaqueMemberFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"党员{n}")
    status = MemberStatus.FULL

    class Meta:
        model = PlaqueMember
