"""/sitemap.xml and /robots.txt: absolute URLs on the public host, both languages with alternates."""

import pytest
from defusedxml import ElementTree
from wagtail.models import PageViewRestriction

from home.site_url import apply_base_url
from tests.notices.factories import NoticePageFactory

BASE = "https://community.example.edu.cn"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def public_site(settings, english_campus):
    settings.PORTAL_BASE_URL = BASE
    apply_base_url()
    return english_campus


def read_sitemap(client):
    response = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    urls = {}
    for url in ElementTree.fromstring(response.content).findall("s:url", NS):
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        urls[url.findtext("s:loc", namespaces=NS)] = links
    return urls


def test_sitemap_lists_both_languages_with_alternates_on_the_public_host(client, public_site):
    NoticePageFactory(parent=public_site["x3"], title="门禁升级", slug="door")
    draft = NoticePageFactory(parent=public_site["x3"], title="草稿", slug="draft", live=False)
    private = NoticePageFactory(parent=public_site["x5"], title="内部", slug="internal")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    urls = read_sitemap(client)
    assert all(url.startswith(f"{BASE}/") for url in urls)
    assert {f"{BASE}/", f"{BASE}/en/", f"{BASE}/xiangyuan/b3/door/", f"{BASE}/en/xiangyuan/b3/f5/"} <= set(urls)
    assert not any(draft.slug in url or private.slug in url for url in urls)
    floor = {"zh-hans": f"{BASE}/xiangyuan/b3/f5/", "en": f"{BASE}/en/xiangyuan/b3/f5/", "x-default": f"{BASE}/xiangyuan/b3/f5/"}
    assert urls[f"{BASE}/xiangyuan/b3/f5/"] == urls[f"{BASE}/en/xiangyuan/b3/f5/"] == floor
    assert urls[f"{BASE}/xiangyuan/b3/door/"] == {}  # not translated: no alternates


def test_sitemap_query_count_does_not_grow_with_pages(client, public_site, django_assert_max_num_queries):
    NoticePageFactory(parent=public_site["x3"])  # .specific() costs a query per page type
    read_sitemap(client)  # warm Wagtail's site root cache
    with django_assert_max_num_queries(12) as small:
        read_sitemap(client)
    for n in range(20):
        NoticePageFactory(parent=public_site["x3"], slug=f"n{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        read_sitemap(client)


def test_robots_keeps_crawlers_out_of_private_paths_and_names_the_sitemap(client, public_site):
    response = client.get("/robots.txt", HTTP_HOST="127.0.0.1")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    for path in ("/admin/", "/track/", "/en/track/", "/grid/reception/", "/_util/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
    assert client.get("/admin/").status_code == 302  # the paths exist as written
