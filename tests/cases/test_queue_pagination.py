"""The queue pages by cursor (keyset): each page continues where the last one ended."""

import html
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from .queue_support import INDEX, listed_codes

pytestmark = pytest.mark.django_db


def link(response, rel):
    """The href of the newer (rel=prev) or older (rel=next) link, or None."""
    match = re.search(rf'<a href="([^"]+)" rel="{rel}"', response.content.decode())
    return html.unescape(match.group(1)) if match else None


@pytest.fixture
def seven(campus, submit):
    rooms = ["101", "102", "103", "201", "202", "203", "101"]
    return [submit(campus["x3"] if i < 6 else campus["x5"], room, description=f"第{i}号水龙头漏水") for i, room in enumerate(rooms)]


@override_settings(GRID_PAGES_CASES_QUEUE_PAGE_SIZE=3)
def test_older_pages_follow_on_without_gaps_or_repeats_while_cases_arrive(client, users, campus, submit, seven):
    client.force_login(users["office"])
    index = reverse(INDEX)
    first = client.get(index)
    assert link(first, "prev") is None
    newest = [c.display_code for c in reversed(seven)]
    assert listed_codes(first) == newest[:3]
    second = client.get(link(first, "next"))
    assert listed_codes(second) == newest[3:6]
    # A case submitted meanwhile goes on top; it shifts nothing on the older pages.
    fresh = submit(campus["x3"], "301", description="新来的报修")
    third = client.get(link(second, "next"))
    assert listed_codes(third) == newest[6:]
    assert link(third, "next") is None
    # Back to newer: the same pages again, then the new case before them.
    back = client.get(link(third, "prev"))
    assert listed_codes(back) == newest[3:6]
    top = client.get(link(back, "prev"))
    assert listed_codes(top) == newest[:3]
    assert listed_codes(client.get(link(top, "prev"))) == [fresh.display_code]
    assert listed_codes(client.get(index, {"last": 1})) == newest[-3:]


@override_settings(GRID_PAGES_CASES_QUEUE_PAGE_SIZE=2)
@pytest.mark.parametrize("ordering", ["due_at", "-due_at", "status", "-submitted_at"])
def test_every_ordering_pages_through_the_same_rows_as_one_long_page(client, users, seven, ordering):
    from grid_pages.cases import services

    services.resolve(seven[2], users["office"], "好了")
    services.accept(seven[4], users["office"])
    client.force_login(users["office"])
    index = reverse(INDEX)
    with override_settings(GRID_PAGES_CASES_QUEUE_PAGE_SIZE=50):
        whole = listed_codes(client.get(index, {"ordering": ordering}))
    pages, response = [], client.get(index, {"ordering": ordering, "building": ""})
    while True:
        pages += listed_codes(response)
        older = link(response, "next")
        if older is None:
            break
        response = client.get(older)
    assert pages == whole and len(whole) == 7


def test_a_tampered_cursor_gives_the_first_page(client, users, seven):
    client.force_login(users["office"])
    first = listed_codes(client.get(reverse(INDEX)))
    assert listed_codes(client.get(reverse(INDEX), {"after": "not-a-cursor"})) == first
    assert listed_codes(client.get(reverse(INDEX), {"before": "WyJ4Il0"})) == first
