"""RSS and Atom feeds of the notices that apply to a grid page, parsed strictly."""

import pytest
from defusedxml import ElementTree

from tests.notices.factories import NoticePageFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(client, page):
    response = client.get(f"/grid/notices/feed/{page.pk}/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def atom_entries(client, page):
    response = client.get(f"/grid/notices/feed/{page.pk}/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def test_rss_lists_the_notices_that_apply_with_their_links(client, campus, floors, notices):
    channel, items = rss_items(client, floors["x3f5"])
    assert channel.findtext("title") == "5层的通知公告"
    assert channel.findtext("link") == "http://localhost" + floors["x3f5"].url
    titles = [item.findtext("title") for item in items]
    # Newest first: the factory publishes them in the order they were made.
    assert titles == ["5层热水器维修", "3栋门禁升级", "庠园社区卫生检查", "全校停水通知"]
    links = [item.findtext("link") for item in items]
    assert links == ["http://localhost" + notices[k].url for k in ("x3f5", "x3", "xiangyuan", "campus")]
    categories = [c.text for c in items[2].findall("category")]
    assert "来自 庠园社区" in categories
    assert "请同学们相互转告" in items[0].findtext("description")


def test_atom_lists_the_same_notices(client, campus, floors, notices):
    feed, entries = atom_entries(client, campus["x5"])
    assert feed.findtext(f"{ATOM}title") == "庠园5栋的通知公告"
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["5栋消防演练", "庠园社区卫生检查", "全校停水通知"]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://localhost" + notices["x5"].url


def test_english_feed_is_translated(client, campus, notices):
    response = client.get(f"/en/grid/notices/feed/{campus['x3'].pk}/rss/")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "Notices for 庠园3栋"


def test_hostile_text_is_escaped_in_feeds(client, campus):
    evil = '<script>alert("x")</script>&'
    NoticePageFactory(parent=campus["x3"], title="通知" + evil, body=f"<p>正文{evil}</p>")
    for suffix in ("rss", "atom"):
        response = client.get(f"/grid/notices/feed/{campus['x3'].pk}/{suffix}/")
        root = ElementTree.fromstring(response.content)  # well-formed despite the markup
        assert b"<script>" not in response.content
        found = [el.text for el in root.iter() if el.tag in ("title", f"{ATOM}title")]
        assert "通知" + evil in found
