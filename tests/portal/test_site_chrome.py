"""What every public page carries around its content: the icon and the search landmarks."""

import pytest

pytestmark = pytest.mark.django_db


def test_favicon_answers_and_pages_link_it(client, home_page):
    """Browsers ask for /favicon.ico on every page; a 404 there fills every log."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/").content.decode()


def landmark_names(html):
    """The accessible names of the role="search" landmarks on a page (label or labelled-by text)."""
    import re

    names = []
    for form in re.findall(r"<form[^>]*role=\"search\"[^>]*>", html):
        if label := re.search(r'aria-label="([^"]+)"', form):
            names.append(label.group(1))
        elif ref := re.search(r'aria-labelledby="([^"]+)"', form):
            names.append(re.search(rf'id="{ref.group(1)}"[^>]*>([^<]+)<', html).group(1))
        else:
            names.append("")
    return names


@pytest.mark.parametrize("url", ["/search/?query=庠园", "{floor}", "/track/"])
def test_search_landmarks_have_distinct_names(client, campus, url):
    """axe's landmark-unique: the header's site search and a page's own search are told apart."""
    floor = campus["x3"].get_children().get(slug="f5")
    html = client.get(url.format(floor=floor.url)).content.decode()
    names = landmark_names(html)
    assert len(names) >= 2 and "站内搜索" in names
    assert all(names) and len(set(names)) == len(names), names
