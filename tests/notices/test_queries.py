"""Notice listings cost the same number of queries for 3 notices as for 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.notices.factories import NoticeAttachmentFactory, NoticePageFactory

pytestmark = pytest.mark.django_db


def add_notices(campus, floor, count):
    for i in range(count):
        for parent in (campus["home"], campus["xiangyuan"], campus["x3"], floor):
            NoticePageFactory(parent=parent, title=f"通知{parent.pk}-{i}", pinned=i % 3 == 0, urgent=i % 4 == 0)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        lambda c, f: f.url,
        lambda c, f: c["x3"].url,
        lambda c, f: c["home"].url,
        lambda c, f: f"/grid/notices/for/{f.pk}/",
        lambda c, f: f"/grid/notices/feed/{f.pk}/rss/",
        lambda c, f: f"/grid/notices/feed/{f.pk}/atom/",
    ],
    ids=["floor", "building", "home", "listing", "rss", "atom"],
)
def test_query_count_does_not_grow_with_notices(client, campus, floors, url):
    floor = floors["x3f5"]
    add_notices(campus, floor, 1)
    client.get(url(campus, floor))  # warm Wagtail's site root cache
    few = count_queries(client, url(campus, floor))
    add_notices(campus, floor, 10)
    client.get(url(campus, floor))  # what is kept per change (e.g. published hygiene rankings) read again
    many = count_queries(client, url(campus, floor))
    assert many == few


def test_notice_page_query_count_does_not_grow_with_attachments(client, campus):
    notice = NoticePageFactory(parent=campus["x3"])
    NoticeAttachmentFactory(notice=notice)
    client.get(notice.url)
    few = count_queries(client, notice.url)
    for _ in range(10):
        NoticeAttachmentFactory(notice=notice)
    client.get(notice.url)  # what is read once per change (the site's live pages) is not what is pinned
    assert count_queries(client, notice.url) == few
    assert client.get(notice.url).content.decode().count("/documents/") == 11
