"""The documented scale-out: Elasticsearch/OpenSearch with a Chinese analyzer (docs/search.md).

Runs only when a server answers at SEARCH_URL (env, default http://127.0.0.1:9200)
and its Python client is installed; skipped with the reason otherwise.
"""

import os
import urllib.error
import urllib.request
import uuid

import pytest

SEARCH_URL = os.environ.get("SEARCH_URL", "http://127.0.0.1:9200")
BACKEND = os.environ.get("SEARCH_BACKEND", "elasticsearch")


def _server_answers(url):
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError, ValueError):
        return False


def _backend_settings():
    from portal.settings import base

    module = "modelsearch.backends.opensearch2" if BACKEND == "opensearch" else "modelsearch.backends.elasticsearch8"
    config = dict(base.WAGTAILSEARCH_BACKENDS["default"]) if base.SEARCH_BACKEND == BACKEND else {}
    return {
        **config,
        "BACKEND": module,
        "URLS": [SEARCH_URL],
        "INDEX": f"portal-test-{uuid.uuid4().hex[:8]}",
        "INDEX_SETTINGS": config.get("INDEX_SETTINGS")
        or {
            "settings": {
                "analysis": {
                    "analyzer": {
                        "default": {"type": "custom", "tokenizer": "ik_max_word", "filter": ["lowercase"]},
                        "default_search": {"type": "custom", "tokenizer": "ik_smart", "filter": ["lowercase"]},
                    }
                }
            }
        },
    }


@pytest.fixture
def search_server(settings):
    client = "opensearchpy" if BACKEND == "opensearch" else "elasticsearch"
    pytest.importorskip(client, reason=f"the {client} client is not installed (pip install it to run this test)")
    if not _server_answers(SEARCH_URL):
        pytest.skip(f"no {BACKEND} server answers at SEARCH_URL={SEARCH_URL}")
    settings.WAGTAILSEARCH_BACKENDS = {"default": _backend_settings()}
    from modelsearch.backends import get_search_backend

    backend = get_search_backend("default")
    yield backend
    backend.reset_indexes()


@pytest.mark.django_db
def test_chinese_words_are_found_on_the_search_server(client, campus, search_server):
    from django.core.management import call_command

    building = campus["x3"]
    building.introduction = "<p>学生宿舍报修申请请交楼长。</p>"
    building.save_revision().publish()
    call_command("update_index")
    search_server.refresh_indexes()
    rows = client.get("/search/", {"query": "报修", "format": "json"}).json()["results"]
    assert building.url in [row["url"] for row in rows]
