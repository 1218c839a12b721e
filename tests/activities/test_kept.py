"""The campus's upcoming activities are read once per page-cache generation and each section
picks its own from them (``listing.kept_upcoming``): the same activities, in the same order,
as each page's own query, with none over since and every write seen at once."""

import datetime

import pytest

from grid_pages.activities import listing
from grid_pages.activities.models import ActivityPage
from grid_pages.pagecache import generation
from grid_pages.tree import kept_live_grid
from tests.activities.factories import ActivityIndexPageFactory, ActivityPageFactory
from tests.activities.test_sections import groups

pytestmark = pytest.mark.django_db


def shown(group):
    """Title, building and community of each activity of a section's group."""
    return [
        (a.title, getattr(a.grid_building, "pk", None), getattr(a.grid_community, "pk", None))
        if group["show_place"] else a.title
        for a in group["activities"]
    ]


@pytest.fixture
def places(campus, activities):
    """Besides ``activities``: activity lists inside the community and inside a building, and
    more of the community's own activities than a section shows."""
    community_list = ActivityIndexPageFactory(parent=campus["xiangyuan"], slug="x-activities")
    building_list = ActivityIndexPageFactory(parent=campus["x3"], slug="x3-activities")
    ActivityPageFactory(parent=community_list, title="庠园列表里的活动", days=3)
    ActivityPageFactory(parent=building_list, title="3栋列表里的活动", days=6)
    for i in range(6):
        ActivityPageFactory(parent=campus["xiangyuan"], title=f"庠园活动{i}", days=7 + i)
    return campus


def test_each_section_picks_what_its_own_query_finds(places, django_assert_num_queries):
    campus = places
    kept = listing.kept_upcoming()
    assert kept is not None
    x3 = listing._building_and_community_groups(campus["x3"], campus["xiangyuan"], listing.kept_upcoming())
    assert [shown(group) for group in x3] == [
        ["3栋包饺子", "3栋列表里的活动"],
        ["庠园读书会", "庠园列表里的活动", "庠园活动0", "庠园活动1", "庠园活动2"],
    ]
    for building, community in ((campus["x3"], campus["xiangyuan"]), (campus["x5"], campus["xiangyuan"]),
                                (campus["q3"], campus["qinyuan"])):
        queried = listing._building_and_community_groups(building, community)
        with django_assert_num_queries(0):
            picked = listing._building_and_community_groups(building, community, listing.kept_upcoming())
        assert [shown(g) for g in picked] == [shown(g) for g in queried]
    for scope in (campus["home"], campus["xiangyuan"], campus["qinyuan"], campus["x3"]):
        queried = listing._group("scope", scope, show_place=True)
        with django_assert_num_queries(0):
            picked = listing._group("scope", scope, listing.kept_upcoming(), show_place=True)
        assert shown(picked) == shown(queried)
        assert shown(picked)


def test_an_activity_over_since_the_list_was_read_leaves_it_without_a_write(campus, activities, django_assert_num_queries):
    soon = activities["x3"]
    assert soon.title in [a.title for a in listing.kept_upcoming()]
    with django_assert_num_queries(0):
        still = listing.kept_upcoming(now=soon.end)
        over = listing.kept_upcoming(now=soon.end + datetime.timedelta(microseconds=1))
    assert soon.title in [a.title for a in still]
    assert soon.title not in [a.title for a in over]
    assert "庠园读书会" in [a.title for a in over]


def test_writes_show_on_the_next_request(client, campus, activities):
    assert groups(client.get(campus["x3"].url))["building"] == ["3栋包饺子"]
    ActivityPageFactory(parent=campus["x3"], title="3栋新活动", days=2)
    assert groups(client.get(campus["x3"].url))["building"] == ["3栋包饺子", "3栋新活动"]
    activities["x3"].unpublish()
    assert groups(client.get(campus["x3"].url))["building"] == ["3栋新活动"]


def test_past_the_bound_each_page_reads_its_own(client, campus, activities, monkeypatch):
    monkeypatch.setattr(listing, "KEPT_UPCOMING", 3)  # the campus has four upcoming
    generation.bump()
    assert listing.kept_upcoming() is None
    assert groups(client.get(campus["x3"].url)) == {"building": ["3栋包饺子"], "community": ["庠园读书会"]}
    assert groups(client.get(campus["home"].url)) == {"campus": ["3栋包饺子", "庠园读书会", "5栋篮球赛", "沁园义诊"]}


def test_the_places_from_the_kept_grid_are_those_the_query_finds(places):
    """The kept activities take their community and building from the site's grid kept for the
    generation (``tree.LiveGrid.place_at``), a building in draft included, as the query does."""
    campus = places
    ActivityPageFactory(parent=campus["x5"], title="5栋草稿楼的活动", days=4)
    campus["x5"].unpublish()

    def placed(activities):
        return [(a.pk, getattr(a.grid_building, "pk", None), getattr(a.grid_community, "pk", None)) for a in activities]

    from_grid = placed(listing.attach_places(list(listing.upcoming(ActivityPage.objects.live())), kept_live_grid()))
    assert from_grid == placed(listing.attach_places(list(listing.upcoming(ActivityPage.objects.live()))))
    assert (campus["x5"].pk, campus["xiangyuan"].pk) in {(b, c) for _, b, c in from_grid}
