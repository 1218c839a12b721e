"""Feed autodiscovery in the head of every page with notices, and feeds absolute on the public host."""

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from home.site_url import apply_base_url
from tests.notices.factories import NoticePageFactory

BASE = "https://community.example.edu.cn"
ATOM = "{http://www.w3.org/2005/Atom}"


def feed_links(client, url):
    head = BeautifulSoup(client.get(url).content, "html.parser").head
    return {link["type"]: link["href"] for link in head.find_all("link", rel="alternate")}


@pytest.mark.parametrize("key", ["home", "xiangyuan", "x3"])
def test_pages_with_notices_announce_their_feeds(client, campus, key):
    page = campus[key]
    assert feed_links(client, page.url) == {
        "application/rss+xml": f"/grid/notices/feed/{page.pk}/rss/",
        "application/atom+xml": f"/grid/notices/feed/{page.pk}/atom/",
    }


def test_notice_list_and_floor_announce_feeds_pages_without_notices_do_not(client, campus):
    floor = campus["x3"].get_children().get(slug="f5")
    assert feed_links(client, floor.url)["application/rss+xml"] == f"/grid/notices/feed/{floor.pk}/rss/"
    assert feed_links(client, f"/grid/notices/for/{floor.pk}/")["application/atom+xml"] == f"/grid/notices/feed/{floor.pk}/atom/"
    notice = NoticePageFactory(parent=campus["x3"], slug="door")
    assert feed_links(client, notice.url) == {}
    assert feed_links(client, "/grid/find/") == {}


def test_feed_and_item_links_are_absolute_on_the_public_host(client, settings, campus):
    settings.PORTAL_BASE_URL = BASE
    apply_base_url()
    NoticePageFactory(parent=campus["x3"], slug="door")
    x3 = campus["x3"].pk
    atom = ElementTree.fromstring(client.get(f"/grid/notices/feed/{x3}/atom/", HTTP_HOST="127.0.0.1").content)
    links = {link.get("rel"): link.get("href") for link in atom.findall(f"{ATOM}link")}
    assert links == {"alternate": f"{BASE}/xiangyuan/b3/", "self": f"{BASE}/grid/notices/feed/{x3}/atom/"}
    assert atom.find(f"{ATOM}entry/{ATOM}link").get("href") == f"{BASE}/xiangyuan/b3/door/"
    rss = ElementTree.fromstring(client.get(f"/grid/notices/feed/{x3}/rss/", HTTP_HOST="127.0.0.1").content)
    assert rss.find("channel/item/link").text == f"{BASE}/xiangyuan/b3/door/"
    assert rss.find(f"channel/{ATOM}link").get("href") == f"{BASE}/grid/notices/feed/{x3}/rss/"
