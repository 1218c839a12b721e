"""Crawl the site as a visitor would, from both home pages: every internal link answers, and
every HTML page passes the Nu Html Checker (where Java and the vnu-jar package are present)."""

import pytest
from defusedxml import ElementTree
from django.urls import reverse

from tests.output.crawl import check_html, crawl, vnu_available

FEED_TYPES = ("application/rss+xml", "application/atom+xml")


def test_every_internal_link_answers(client, small_site):
    seen, referrers = crawl(client, start=("/", "/en/", *small_site))
    broken = {url: (status, referrers.get(url)) for url, (status, _, _) in seen.items() if status >= 400}
    assert broken == {}
    kinds = {url.split("/")[2] for url in seen if url.startswith("/grid/")}
    assert {"plaques", "notices", "reception"} <= kinds  # print sheets, notice lists and feeds, calendars
    assert any(url.startswith("/en/xiangyuan/") for url in seen)
    for url, (_, content_type, _) in seen.items():
        if content_type.startswith(FEED_TYPES):
            ElementTree.fromstring(client.get(url).content)  # well-formed


def test_every_page_passes_the_html_checker(client, small_site, place_session):
    reason = vnu_available()
    if reason:
        pytest.skip(reason)
    seen, _ = crawl(client, start=("/", "/en/", *small_site))
    pages = {url: body for url, (_, _, body) in seen.items() if body}
    # Pages only a form leads to: a booking's confirmation.
    booking = {"name": "李明", "student_number": "2024000001", "room": "庠园3栋502", "topic": "转专业"}
    pages["booked"] = client.post(reverse("grid_reception:book", args=[place_session.pk]), booking).content.decode()
    assert len(pages) > 30
    assert check_html(pages) == []
