"""The language switch's links come from the site's live pages, read once per page-cache
generation (``portal_tags.translation_links``): the same URLs as the page's own query."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page

from grid_pages.pagecache import generation
from home.templatetags import portal_tags
from tests.grid_pages.conftest import english_campus  # noqa: F401  (庠园3栋's floor 5 in English)

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_():
    """One request for a test: it keeps the site's root paths, as a page's request does."""
    return RequestFactory().get("/")


def links(page, request, monkeypatch=None):
    if monkeypatch is None:
        return portal_tags.translation_links(page, request)
    with monkeypatch.context() as patch:  # the page's own query
        patch.setattr(portal_tags._kept_live_pages, "get_if_installed", lambda: None)
        return portal_tags.translation_links(page, request)


def test_each_page_finds_what_its_own_query_finds(english_campus, request_, monkeypatch, django_assert_num_queries):
    campus = english_campus
    floor5 = campus["x3"].get_children().get(slug="f5")
    pages = [campus["home"], campus["x3"], floor5, campus["en_x3"], campus["en_floor5"], campus["x5"], campus["qinyuan"]]
    links(campus["home"], request_)  # the site's live pages read for this generation
    for page in pages:
        with django_assert_num_queries(0):
            kept = links(page, request_)
        assert kept == links(page, request_, monkeypatch), page
    assert links(floor5, request_)[0] == {"zh-hans": floor5.url, "en": campus["en_floor5"].url}
    # Not translated: no link of its own in English, the English home instead (where there is one).
    assert list(links(campus["x5"], request_)[0]) == ["zh-hans"]


def test_an_unpublished_translation_leaves_the_links_at_once(english_campus, request_):
    campus = english_campus
    floor5 = campus["x3"].get_children().get(slug="f5")
    assert "en" in links(floor5, request_)[0]
    Page.objects.get(pk=campus["en_floor5"].pk).unpublish()  # the fixture's instance predates its publishing
    assert "en" not in links(floor5, request_)[0]


def test_past_the_bound_each_page_reads_its_own(english_campus, request_, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(portal_tags, "KEPT_LIVE_PAGES", Page.objects.live().count() - 1)
    generation.bump()
    floor5 = english_campus["x3"].get_children().get(slug="f5")
    links(floor5, request_)
    with django_assert_num_queries(1):
        found = links(floor5, request_)
    assert found[0] == {"zh-hans": floor5.url, "en": english_campus["en_floor5"].url}
