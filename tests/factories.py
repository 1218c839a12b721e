"""factory_boy factories for the grid; trees are built with ``parent=``."""

import factory
import wagtail_factories

from grid_pages.models import BuildingPage, CommunityPage, FloorPage, GridAssignment, Room, StaffMember
from grid_pages.roles import GridRole
from home.models import HomePage


class StaffMemberFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"网格员{n}")
    position = "辅导员"
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    email = factory.Sequence(lambda n: f"staff{n}@example.edu.cn")
    office = "学生事务中心"

    class Meta:
        model = StaffMember


class HomePageFactory(wagtail_factories.PageFactory):
    title = "一站式学生社区"

    class Meta:
        model = HomePage


class CommunityPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"社区{n}")
    short_name = factory.Sequence(lambda n: f"社区{n}")

    class Meta:
        model = CommunityPage


class BuildingPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"{n}栋")
    short_number = factory.Sequence(lambda n: str(n))
    college = "经济学院"

    class Meta:
        model = BuildingPage


class FloorPageFactory(wagtail_factories.PageFactory):
    number = factory.Sequence(lambda n: n % 30 + 1)
    title = factory.LazyAttribute(lambda o: f"{o.number}层")

    class Meta:
        model = FloorPage


class RoomFactory(factory.django.DjangoModelFactory):
    number = factory.Sequence(lambda n: f"{n + 101}")
    beds = 4

    class Meta:
        model = Room


class GridAssignmentFactory(factory.django.DjangoModelFactory):
    staff = factory.SubFactory(StaffMemberFactory)
    role = GridRole.FLOOR_HEAD

    class Meta:
        model = GridAssignment
