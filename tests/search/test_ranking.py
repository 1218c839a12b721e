"""One ranking query per search (search/backend/common.py): the backend's own order and count,
read once for the count, the page and the fallback's probe; beyond MAX_RANKED the count says so."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from search.services import pages_for

from .conftest import reindex

pytestmark = pytest.mark.django_db

BACKEND = {"BACKEND": "search.backend"}


@pytest.fixture
def safety_pages(campus):
    """Floors that all mention 安全, some more often, two in their title: scores differ and tie."""
    floors = list(Page.objects.type(campus["x3"].get_children().first().specific_class).specific().order_by("path"))
    for i, floor in enumerate(floors):
        floor.introduction = "<p>" + "注意安全，" * (1 + i % 3) + "保持寝室整洁。</p>"
        if i % 4 == 0:
            floor.title = f"{floor.title}安全须知"
        floor.save_revision().publish()
    reindex()
    return floors


def full_text_queries(context):
    return [q["sql"] for q in context.captured_queries if " MATCH " in q["sql"] or "@@" in q["sql"]]


def test_ranked_results_keep_the_backends_order_and_count(safety_pages):
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": {**BACKEND, "MAX_RANKED": 0}}):
        own = pages_for("安全")
        own_order, own_count = [p.pk for p in own[:100]], own.count()
    ranked = pages_for("安全")
    assert [p.pk for p in ranked[:100]] == own_order and ranked.count() == own_count == len(safety_pages)
    assert [p.pk for p in ranked[3:7]] == own_order[3:7]
    assert all(type(p) is type(safety_pages[0]) for p in ranked[:5])  # specific pages, as before


def test_one_full_text_query_answers_the_count_the_page_and_the_fallback(client, safety_pages):
    with CaptureQueriesContext(connection) as context:
        response = client.get("/search/", {"query": "安全 整洁"})
    assert response.status_code == 200 and len(full_text_queries(context)) == 1
    assert response.context["search_results"].paginator.count == len(safety_pages)
    assert not response.context["results_capped"]


@override_settings(WAGTAILSEARCH_BACKENDS={"default": {**BACKEND, "MAX_RANKED": 3}})
def test_beyond_the_ranked_matches_the_count_says_more_than(client, safety_pages):
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": {**BACKEND, "MAX_RANKED": 0}}):
        best = [p.pk for p in pages_for("安全")[:3]]
    results = pages_for("安全")
    assert [p.pk for p in results[:10]] == best and results.count() == 3 and results.capped
    response = client.get("/search/", {"query": "安全"})
    assert response.context["results_capped"] and response.context["search_results"].paginator.count == 3
