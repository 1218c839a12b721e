"""Sub-apps plug into grid pages through the core's extension points."""

import pytest
from wagtail import hooks

from grid_pages.extensions import Section, parent_types
from grid_pages.models import BuildingPage, CommunityPage, FloorPage


@pytest.mark.django_db
def test_sections_from_hooks_render_on_every_grid_level_in_order(client, campus):
    def late(page, request):
        return Section("grid_pages/includes/breadcrumbs.html", {"ancestors": []}, order=200)

    def early(page, request):
        if isinstance(page, (CommunityPage, BuildingPage, FloorPage)):
            return Section("grid_pages/includes/staff_list.html", {"assignments": []}, order=10)
        return None

    floor = campus["x3"].get_children().first()
    with hooks.register_temporarily("grid_page_sections", late), hooks.register_temporarily(
        "grid_page_sections", early
    ):
        for page in (campus["xiangyuan"], campus["x3"], floor):
            html = client.get(page.url).content.decode()
            # Core staff list, then the early section's empty list, then the late breadcrumbs.
            assert html.count('class="grid-staff"') == 2
            assert html.rindex('class="grid-staff"') < html.rindex('class="grid-breadcrumbs"')
        home = client.get(campus["home"].url).content.decode()
        assert 'class="grid-staff"' not in home
        assert 'class="grid-breadcrumbs"' in home


def test_parent_types_adds_the_campus_root_only_when_asked(settings):
    settings.GRID_PAGES_COMMUNITY_PARENT_PAGE_TYPES = ["home.HomePage"]
    assert parent_types("grid_pages.BuildingPage") == ["grid_pages.BuildingPage"]
    assert parent_types("grid_pages.BuildingPage", campus=True) == ["grid_pages.BuildingPage", "home.HomePage"]
    settings.GRID_PAGES_COMMUNITY_PARENT_PAGE_TYPES = None
    assert parent_types("grid_pages.BuildingPage", campus=True) == ["grid_pages.BuildingPage"]

