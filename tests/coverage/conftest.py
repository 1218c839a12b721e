import pytest
from wagtail.models import Page

from grid_pages.models import GridAssignment, Room
from grid_pages.roles import GridRole
from tests.conftest import build_building
from tests.factories import CommunityPageFactory, GridAssignmentFactory


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


def grow_campus(campus):
    """Ten times the campus fixture's buildings more, with a gap at every level."""
    community = CommunityPageFactory(parent=campus["home"], title="博园社区", short_name="博园", slug="boyuan")
    buildings = [build_building(community, number=n, floors=2) for n in range(1, 31)]
    for building in buildings[::3]:
        GridAssignment.objects.filter(page=building, role=GridRole.BUILDING_HEAD).delete()
        floor = Page.objects.child_of(building).order_by("path").first()
        GridAssignment.objects.filter(page=floor, role=GridRole.FLOOR_HEAD).delete()
        Room.objects.filter(floor=floor).update(head=None)
    extra = CommunityPageFactory(parent=campus["home"], title="无人社区", short_name="无人", slug="nobody")
    GridAssignmentFactory(page=extra, role=GridRole.OTHER)
    return {**campus, "boyuan": community, "nobody": extra, "buildings": buildings}


@pytest.fixture
def big_campus(campus):
    return grow_campus(campus)
