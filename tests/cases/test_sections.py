"""Grid pages point students to the nearest intake pages and to tracking, without per-user state."""

from grid_pages.cases.models import RepairRequestPage, SuggestionBoxPage


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_floor_page_links_to_the_intake_pages_and_tracking(client, campus):
    repair = _publish(campus["home"], RepairRequestPage(title="报修", slug="repair"))
    suggest = _publish(campus["home"], SuggestionBoxPage(title="意见箱", slug="suggest"))
    floor = campus["x3"].get_children().get(slug="f5")
    html = client.get(floor.url).content.decode()
    assert repair.url in html and suggest.url in html
    assert "/track/" in html
    assert "csrfmiddlewaretoken" not in html


def test_a_community_intake_page_wins_inside_its_community(client, campus):
    _publish(campus["home"], RepairRequestPage(title="全校报修", slug="repair"))
    own = _publish(campus["xiangyuan"], RepairRequestPage(title="庠园报修", slug="repair"))
    other = _publish(campus["qinyuan"], RepairRequestPage(title="沁园报修", slug="repair"))
    html = client.get(campus["x3"].url).content.decode()
    assert own.url in html
    assert other.url not in html and "全校报修" not in html
    html = client.get(campus["q3"].url).content.decode()
    assert other.url in html and own.url not in html


def test_no_intake_page_no_section(client, campus):
    html = client.get(campus["x3"].url).content.decode()
    assert "cases-report" not in html


def test_section_query_count_does_not_grow_with_intake_pages(client, campus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _publish(campus["home"], RepairRequestPage(title="报修", slug="repair"))
    client.get(campus["x3"].url)  # warm the site and locale caches
    with CaptureQueriesContext(connection) as few:
        client.get(campus["x3"].url)
    for community in ("xiangyuan", "qinyuan"):
        _publish(campus[community], RepairRequestPage(title="报修", slug="repair"))
        _publish(campus[community], SuggestionBoxPage(title="意见箱", slug="suggest"))
    client.get(campus["x3"].url)  # what is kept per change (e.g. published hygiene rankings) read again
    with CaptureQueriesContext(connection) as more:
        client.get(campus["x3"].url)
    assert len(more) == len(few)
