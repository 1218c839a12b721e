"""PORTAL_BASE_URL: `migrate` writes it into the default Site; every absolute link starts from it."""

import pytest
import segno
from defusedxml import ElementTree
from django.core.management import call_command
from icalendar import Calendar
from wagtail.models import Site

from grid_pages.shortlinks import room_code
from home.site_url import apply_base_url, check_base_url
from tests.notices.factories import NoticePageFactory
from tests.plaques.conftest import plaques  # noqa: F401
from tests.reception.conftest import place_session, reception_page  # noqa: F401

BASE = "https://community.example.edu.cn"


@pytest.fixture
def public_site(settings, campus):
    settings.PORTAL_BASE_URL = BASE
    call_command("migrate", verbosity=0)
    return Site.objects.get(is_default_site=True)


def test_migrate_points_the_default_site_at_the_base_url(public_site, settings, django_assert_num_queries):
    assert (public_site.hostname, public_site.port, public_site.root_url) == ("community.example.edu.cn", 443, BASE)
    with django_assert_num_queries(1):  # idempotent: already right, nothing written
        assert apply_base_url() is None
    settings.PORTAL_BASE_URL = "http://10.1.2.3:8080"
    apply_base_url()
    assert Site.objects.get(is_default_site=True).root_url == "http://10.1.2.3:8080"


def test_without_a_base_url_the_site_is_left_alone(settings, campus):
    settings.PORTAL_BASE_URL = ""
    call_command("migrate", verbosity=0)
    assert Site.objects.get(is_default_site=True).hostname == "localhost"


def test_the_plaque_qr_code_encodes_the_public_url(client, public_site, plaques):  # noqa: F811
    response = client.get(f"/grid/plaques/{plaques['x3_502'].pk}/print/")
    expected = f"{BASE}/r/{room_code(plaques['x3_502'].room)}/"
    assert segno.make(expected, micro=False, error="q").svg_inline(scale=4, border=4, omitsize=True) in response.content.decode()


def test_feed_links_start_from_the_public_url(client, public_site, campus):
    notice = NoticePageFactory(parent=campus["x3"], title="门禁升级", slug="door")
    channel = ElementTree.fromstring(client.get(f"/grid/notices/feed/{campus['x3'].pk}/rss/").content).find("channel")
    assert channel.findtext("link") == f"{BASE}/xiangyuan/b3/"
    assert channel.find("item").findtext("link") == f"{BASE}/xiangyuan/b3/door/" == notice.full_url


def test_calendar_events_carry_the_public_host_and_link(client, public_site, place_session):  # noqa: F811
    response = client.get(f"/grid/reception/{place_session.page.pk}/sessions.ics", HTTP_HOST="127.0.0.1")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["uid"]).endswith("@community.example.edu.cn")
    assert str(event["url"]) == f"{BASE}/reception/"


@pytest.mark.parametrize(
    ("url", "code"),
    [("", "home.W001"), ("http://localhost:8000", "home.W002"), ("https://x.edu.cn:8443", "home.W003"),
     ("https://x.edu.cn/portal", "home.W004"), (BASE, None)],
)
def test_deploy_check_warns_about_an_unusable_base_url(settings, url, code):
    settings.PORTAL_BASE_URL = url
    assert [w.id for w in check_base_url(None)] == ([code] if code else [])
