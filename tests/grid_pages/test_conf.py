"""The grid's page models come from the settings (GRID_PAGES_*_MODEL), checked at startup."""

import pytest
from django.test import override_settings

from grid_pages import checks, conf
from grid_pages.models import BuildingPage, CommunityPage, FloorPage
from tests.testapp.models import RoomNote


def test_defaults_are_the_app_pages_on_the_site_base_page():
    from wagtail.models import Page

    assert (conf.get_community_model(), conf.get_building_model(), conf.get_floor_model()) == (
        CommunityPage,
        BuildingPage,
        FloorPage,
    )
    assert conf.get_page_model() is Page
    assert not any(m._meta.swapped for m in (CommunityPage, BuildingPage, FloorPage))
    assert checks.check_grid_models() == []


@pytest.mark.parametrize(
    "name, value",
    [
        ("GRID_PAGES_FLOOR_MODEL", "grid_pages.BuildingPage"),  # not a floor
        ("GRID_PAGES_BUILDING_MODEL", "grid_pages.NoSuchPage"),
        ("GRID_PAGES_COMMUNITY_MODEL", "not-a-label"),
        ("GRID_PAGES_FLOOR_MODEL", RoomNote._meta.label),  # not a grid page at all
    ],
)
def test_a_setting_naming_anything_but_a_grid_page_of_its_level_is_an_error(name, value):
    with override_settings(**{name: value}):
        errors = checks.check_grid_models()
    assert [e.id for e in errors] == ["grid_pages.E003"]
    assert name in errors[0].msg
