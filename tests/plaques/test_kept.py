"""Floor and building pages take their plaques from the site's active plaques, read once per
page-cache generation and language (``queries.plaques_on``): the same plaques, in the same
order and with the pledge in the page's language, as the floors' own query."""

import pytest
from django.utils import translation

from grid_pages.pagecache import generation
from grid_pages.plaques import queries
from grid_pages.plaques.models import PlaqueTranslation

from .conftest import room
from .factories import PlaqueFactory

pytestmark = pytest.mark.django_db


def shown(plaques):
    return [(p.pk, p.floor_page.pk, p.shown_commitment, [m.name for m in p.members.all()]) for p in plaques]


def floors_of(building):
    return list(building.specific.live_floors())


def test_each_page_takes_what_the_floors_query_finds(campus, plaques, django_assert_num_queries):
    PlaqueFactory(room=room(campus, "x3", 5, "501"), members=[("甲", "full"), ("乙", "activist")])
    PlaqueFactory(room=room(campus, "q3", 1, "102"), members=[])  # read with the others: a plaque without members
    for building in ("x3", "x5", "q3"):
        floors = floors_of(campus[building])
        queried = queries.plaques_on(type(floors[0]).objects.filter(pk__in=[f.pk for f in floors]))
        queries.plaques_on(floors)  # the site's plaques read for this generation
        with django_assert_num_queries(0):
            kept = queries.plaques_on(floors)
        assert shown(kept) == shown(queried)
    x3 = [p.room.number for p in queries.plaques_on(floors_of(campus["x3"]))]
    assert x3 == ["201", "501", "502"]  # floor by floor, room by room; the withdrawn one left out
    members = [[m.name for m in p.members.all()] for p in queries.plaques_on(floors_of(campus["q3"]))]
    assert members == [["党员甲", "党员乙"], []]


def test_each_language_has_its_pledge_and_its_own_floor(english_campus, plaques):
    campus = english_campus
    plaque = plaques["x3_502"]
    PlaqueTranslation.objects.create(plaque=plaque, locale=campus["en"], commitment="We lead by example")
    chinese_floor = campus["x3"].get_children().get(slug="f5").specific
    chinese = queries.plaques_on([chinese_floor])
    with translation.override("en"):
        english = queries.plaques_on([campus["en_floor5"]])
    assert [p.pk for p in english] == [p.pk for p in chinese] == [plaque.pk]
    assert english[0].shown_commitment == "We lead by example"
    assert chinese[0].shown_commitment == plaque.commitment
    assert chinese[0].floor_page.pk == chinese_floor.pk
    assert english[0].floor_page.pk == campus["en_floor5"].pk
    # Each page's copy keeps its own floor: another request's floor (the same page, another
    # instance) does not replace it on the plaques kept for every request.
    other_request = queries.plaques_on([type(chinese_floor).objects.get(pk=chinese_floor.pk)])
    assert chinese[0].floor_page is chinese_floor
    assert other_request[0].floor_page is not chinese_floor


def test_a_withdrawn_plaque_leaves_the_page_at_once(client, campus, plaques):
    floor = campus["x3"].get_children().get(slug="f2")
    assert "plaque-{}".format(plaques["x3_201"].pk) in client.get(floor.url).content.decode()
    plaques["x3_201"].withdrawn_on = plaques["old"].withdrawn_on
    plaques["x3_201"].save()
    assert "plaque-{}".format(plaques["x3_201"].pk) not in client.get(floor.url).content.decode()


def test_past_the_bound_each_page_reads_its_own(campus, plaques, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(queries, "KEPT_PLAQUES", 2)  # the site has three active
    generation.bump()
    floors = floors_of(campus["x3"])
    queries.plaques_on(floors)  # reads the site's, finds too many
    with django_assert_num_queries(1):  # the floors' plaques with their members
        found = queries.plaques_on(floors)
    assert [p.room.number for p in found] == ["201", "502"]


def test_the_home_counts_what_its_query_counts(campus, plaques, monkeypatch, django_assert_num_queries):
    from grid_pages import tree

    home = campus["home"]
    queries.count_below(home)  # the site's floors and plaques read for this generation
    with django_assert_num_queries(0):
        assert queries.count_below(home) == 3  # the withdrawn one left out
    assert queries.count_below(campus["xiangyuan"]) == 2
    with monkeypatch.context() as patch:
        patch.setattr(tree, "kept_live_grid", lambda: None)
        assert queries.count_below(home) == 3
    campus["x3"].get_children().get(slug="f2").specific.unpublish()  # a plaque on an unpublished floor
    assert queries.count_below(home) == 2
