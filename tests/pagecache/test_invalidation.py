"""Every kind of change is visible on the very next request to every server process.

Two gunicorn processes (``conftest.servers``) read the database this process writes;
each test first makes both keep a copy of the page (a hit), then changes something
and reads it back from both.
"""

import datetime
import subprocess
import sys

import pytest
from django.utils import timezone
from wagtail.models import Locale

from grid_pages.models import Room
from grid_pages.reception import services as reception
from grid_pages.roles import GridRole
from grid_pages.signals import content_changed
from tests.activities.factories import ActivityPageFactory
from tests.factories import GridAssignmentFactory, RoomFactory, StaffMemberFactory
from tests.notices.factories import NoticePageFactory
from tests.plaques.factories import PlaqueFactory
from tests.reception.factories import ReceptionPageFactory, ReceptionSessionFactory

from .conftest import ROOT, STATUS

pytestmark = pytest.mark.django_db(transaction=True)

IGNORED_HEADERS = {"date", STATUS.lower()}


class Bodies(list):
    """What each server answered; ``text in bodies`` when every one of them shows it."""

    def __contains__(self, text):
        return all(text in body for body in self)


def cached(servers, url):
    """Both servers hold ``url`` (the second read of each is a hit); returns what they show."""
    bodies = []
    for server in servers:
        server.get(url)
        status, headers, body = server.get(url)
        assert status == 200, (url, status)
        assert headers[STATUS] == "hit"
        bodies.append(body.decode())
    return "\n".join(bodies)


def read_all(servers, url, status=200):
    """What every server answers now, after a change."""
    bodies = Bodies()
    for server in servers:
        code, headers, body = server.get(url)
        assert code == status, (url, code)
        bodies.append(body.decode())
    return bodies


def floor_of(building, number=1):
    return building.get_children().specific().get(slug=f"f{number}")


def test_a_hit_sends_the_headers_of_the_miss_and_revalidates(servers, campus):
    url = campus["x3"].url
    server = servers[0]
    miss = server.get(url)
    hit = server.get(url)
    assert (miss[1][STATUS], hit[1][STATUS]) == ("miss", "hit")
    assert miss[2] == hit[2]

    def headers(answer):
        return sorted((k.lower(), v) for k, v in answer[1].items() if k.lower() not in IGNORED_HEADERS)

    assert headers(miss) == headers(hit)
    assert hit[1]["Content-Type"] == "text/html; charset=utf-8"
    assert hit[1]["Content-Language"] == "zh-hans"
    assert hit[1]["Cache-Control"] == "public, no-cache"
    assert "Set-Cookie" not in hit[1] and "cookie" not in hit[1].get("Vary", "").lower()
    assert hit[1]["Last-Modified"]

    status, not_modified, body = server.get(url, {"If-None-Match": hit[1]["ETag"]})
    assert (status, body) == (304, b"")
    assert not_modified["ETag"] == hit[1]["ETag"]
    assert server.get(url, {"If-None-Match": '"other"'})[0] == 200

    status, head, body = server.get(url, method="HEAD")
    assert (status, body, head[STATUS]) == (200, b"", "hit")
    assert head["Content-Length"] == hit[1]["Content-Length"]


def test_languages_are_kept_apart(servers, campus):
    Locale.objects.get_or_create(language_code="en")
    path = "/grid/find/rooms/?building=%d" % campus["x3"].pk
    cached(servers, path)
    cached(servers, "/en" + path)
    for server in servers:
        assert server.get(path)[1]["Content-Language"] == "zh-hans"
        assert server.get("/en" + path)[1]["Content-Language"] == "en"


def test_publish(servers, campus):
    building = campus["x3"]
    assert "博雅楼" not in cached(servers, campus["xiangyuan"].url)
    building.title = "博雅楼"
    building.save_revision().publish()
    assert "博雅楼" in read_all(servers, campus["xiangyuan"].url)
    assert "博雅楼" in read_all(servers, building.url)


def test_unpublish(servers, campus):
    floor = floor_of(campus["x3"], 2)
    cached(servers, floor.url)
    floor.unpublish()
    read_all(servers, floor.url, status=404)


def test_move(servers, campus):
    building = campus["x5"]
    old_url = building.url
    cached(servers, old_url)
    building.move(campus["qinyuan"], pos="last-child")
    read_all(servers, old_url, status=301)  # Wagtail's automatic redirect to the new place
    assert building.title in read_all(servers, campus["qinyuan"].url)


def test_delete(servers, campus):
    floor = floor_of(campus["x5"], 2)
    cached(servers, floor.url)
    floor.delete()
    read_all(servers, floor.url, status=404)


def test_room_and_the_rooms_json(servers, campus):
    floor = floor_of(campus["x3"])
    json_url = "/grid/find/rooms/?building=%d" % campus["x3"].pk
    # A room number no id or count on the page can contain by chance.
    assert "R-199" not in cached(servers, floor.url)
    assert "R-199" not in cached(servers, json_url)
    RoomFactory(floor=floor, number="R-199", sort_order=99)
    assert "R-199" in read_all(servers, floor.url)
    assert '"R-199"' in read_all(servers, json_url)


def test_the_building_list_json(servers, campus):
    url = "/grid/find/buildings/"
    assert "博学楼" not in cached(servers, url)
    building = campus["x5"]
    building.title = "博学楼"
    building.save_revision().publish()
    assert "博学楼" in read_all(servers, url)


def test_staff_member(servers, campus):
    head = campus["x3"].specific.grid_assignments.get(role=GridRole.BUILDING_HEAD).staff
    assert "欧阳明" not in cached(servers, campus["x3"].url)
    head.name = "欧阳明"
    head.save()
    assert "欧阳明" in read_all(servers, campus["x3"].url)


def test_assignment(servers, campus):
    floor = floor_of(campus["x3"], 3)
    assert "司马光" not in cached(servers, floor.url)
    GridAssignmentFactory(page=floor, role=GridRole.COUNSELLOR, staff=StaffMemberFactory(name="司马光"))
    assert "司马光" in read_all(servers, floor.url)


def test_notice_cascades_down_the_tree(servers, campus):
    floor = floor_of(campus["x3"], 4)
    feed = "/grid/notices/feed/%d/rss/" % floor.pk
    assert "停水通知" not in cached(servers, floor.url)
    assert "停水通知" not in cached(servers, feed)
    NoticePageFactory(parent=campus["xiangyuan"], title="停水通知")
    assert "停水通知" in read_all(servers, floor.url)
    assert "停水通知" in read_all(servers, feed)


def test_activity(servers, campus):
    assert "读书分享会" not in cached(servers, campus["x3"].url)
    ActivityPageFactory(parent=campus["x3"], title="读书分享会")
    assert "读书分享会" in read_all(servers, campus["x3"].url)


def test_plaque(servers, campus):
    floor = floor_of(campus["x3"], 5)
    assert "一人一盏灯" not in cached(servers, floor.url)
    PlaqueFactory(room=Room.objects.get(floor=floor, number="502"), commitment="一人一盏灯")
    assert "一人一盏灯" in read_all(servers, floor.url)


def test_reception_places_after_a_booking(servers, campus):
    page = ReceptionPageFactory(parent=campus["home"])
    session = ReceptionSessionFactory(page=page, capacity=2)
    # The home's section lists the sessions each process keeps (a booking is volatile: it
    # leaves the other lists kept, not these).
    for url in (page.url, campus["home"].url):
        assert "剩余 2 个名额" in cached(servers, url)
    building = campus["x3"].url
    cached(servers, building)
    reception.book(session, name="李雷", student_number="2024000001", room="3-502", topic="转专业")
    for url in (page.url, campus["home"].url):
        assert "剩余 1 个名额" in read_all(servers, url)
    # A page that shows no free places keeps its copy in both processes (it follows the content).
    for server in servers:
        assert server.get(building)[1][STATUS] == "hit"


def test_a_write_in_bulk_that_says_so(servers, campus):
    floor = floor_of(campus["q3"])
    # A number no phone, e-mail or generated name on the page can contain.
    assert "Q188" not in cached(servers, floor.url)
    Room.objects.filter(floor=floor, number="101").update(number="Q188")
    content_changed.send(sender=Room)
    assert "Q188" in read_all(servers, floor.url)


def test_a_management_command_in_another_process(servers, campus):
    building = campus["q3"]
    assert "明德楼" not in cached(servers, building.url)
    building.title = "明德楼"
    revision = building.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(seconds=1)
    revision.save()
    assert "明德楼" not in "".join(read_all(servers, building.url))  # scheduled, not yet published
    subprocess.run(
        [sys.executable, "manage.py", "publish_scheduled"], cwd=ROOT, env=servers.env, check=True, capture_output=True
    )
    assert "明德楼" in read_all(servers, building.url)
