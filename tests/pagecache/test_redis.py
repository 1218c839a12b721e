"""With Redis: the generation and the pages are shared by processes that share no file."""

import socket
import uuid

import pytest

from .conftest import STATUS, running, server_env

pytestmark = pytest.mark.django_db(transaction=True)
REDIS_URL = "redis://127.0.0.1:6379/5"


def redis_is_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def redis_servers(file_database, django_db_blocker, tmp_path_factory, settings_module_caches):
    if not redis_is_up():
        pytest.skip("no Redis at 127.0.0.1:6379")
    prefix = f"pagecache_test_{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        # Each server gets a generation file of its own: only Redis is shared.
        env = server_env(tmp_path_factory.mktemp("unshared") / "generation", REDIS_URL, prefix)
    caches = {
        **settings_module_caches,
        "pagecache": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix},
    }
    with running(
        env, CACHES=caches, GRID_PAGES_PAGECACHE_GENERATION_CACHE="pagecache", GRID_PAGES_PAGECACHE_CACHE="pagecache"
    ) as started:
        yield started


@pytest.fixture(scope="module")
def settings_module_caches():
    from django.conf import settings

    return dict(settings.CACHES)


def test_a_page_rendered_by_one_process_is_served_by_the_other_until_a_change(redis_servers, campus):
    first, second = redis_servers
    url = campus["x3"].url
    host = {"Host": "localhost"}  # as behind one proxy: the key holds the host
    assert first.get(url, host)[1][STATUS] == "miss"
    assert second.get(url, host)[1][STATUS] == "hit"  # from Redis, not rendered again
    campus["x3"].title = "致远楼"
    campus["x3"].save_revision().publish()
    for server in redis_servers:
        status, headers, body = server.get(url, host)
        assert "致远楼" in body.decode()


def test_a_page_that_shows_no_free_places_is_shared_across_a_booking(redis_servers, campus):
    """A floor stored by one process follows the content generation: after a booking the other
    process still takes it from Redis; a page that shows the places is rendered again."""
    from grid_pages.reception import services as reception
    from tests.reception.factories import ReceptionPageFactory, ReceptionSessionFactory

    first, second = redis_servers
    host = {"Host": "localhost"}
    reception_page = ReceptionPageFactory(parent=campus["xiangyuan"])
    session = ReceptionSessionFactory(page=reception_page, capacity=2)
    floor = campus["x3"].get_children().first().url
    for url in (floor, reception_page.url):
        assert first.get(url, host)[1][STATUS] == "miss"
    reception.book(session, name="李雷", student_number="2024000001", room="3-502", topic="转专业")
    assert second.get(floor, host)[1][STATUS] == "hit"
    status, headers, body = second.get(reception_page.url, host)
    assert headers[STATUS] == "miss" and "剩余 1 个名额" in body.decode()
