"""What the page cache shares and with whom, through the test client with the cache on."""

import datetime
import time
import types

import pytest
from django.utils import timezone

from grid_pages.pagecache import moments
from grid_pages.reception.models import RECEPTION_TZ
from tests.activities.factories import ActivityPageFactory
from tests.notices.factories import NoticePageFactory
from tests.reception.factories import ReceptionPageFactory, ReceptionSessionFactory

from .conftest import STATUS

pytestmark = pytest.mark.usefixtures("page_cache_on")


def status(response):
    return response.headers.get(STATUS)


def test_anonymous_visitors_share_a_copy(client, campus):
    url = campus["x3"].url
    assert status(client.get(url)) == "miss"
    assert status(client.get(url)) == "hit"
    # A CSRF cookie from a form elsewhere does not stop a grid page from being shared.
    client.cookies["csrftoken"] = "x" * 32
    assert status(client.get(url)) == "hit"


def test_logged_in_users_neither_read_nor_leave_copies(client, campus, django_user_model):
    url = campus["x3"].url
    user = django_user_model.objects.create_user("editor", password="pw")
    client.force_login(user)
    assert status(client.get(url)) == "pass"
    assert status(client.get(url)) == "pass"
    client.logout()
    assert status(client.get(url)) == "miss"
    client.force_login(user)
    assert status(client.get(url)) == "pass"


def test_a_flash_message_or_credentials_bypass_the_cache(client, campus):
    url = campus["x3"].url
    client.get(url)
    assert status(client.get(url, HTTP_AUTHORIZATION="Basic eDp5")) == "pass"
    client.cookies["messages"] = "anything"
    assert status(client.get(url)) == "pass"


def test_posts_are_never_stored(client, campus):
    url = campus["x3"].url
    client.post(url)
    assert status(client.get(url)) == "miss"


def test_forms_with_a_csrf_token_are_never_stored(client, campus, settings):
    """Even where a view is listed by mistake, a response that sets a cookie or says private is not kept."""
    settings.GRID_PAGES_PAGECACHE_URL_NAMES = ["grid_reception:cancel", "grid_cases:track"]
    for url in ("/grid/reception/cancel/", "/track/"):
        client.get(url)
        assert status(client.get(url)) == "pass"


def test_unlisted_views_are_not_stored(client, campus):
    client.get("/search/?q=3")
    assert status(client.get("/search/?q=3")) == "pass"


def test_head_answers_from_the_copy(client, campus):
    url = campus["x3"].url
    full = client.get(url)
    head = client.head(url)
    assert status(head) == "hit" and head.content == b""
    assert head["Content-Length"] == full["Content-Length"] == str(len(full.content))


def test_a_page_stored_before_a_notice_goes_live_is_not_served_after(client, campus, monkeypatch):
    floor = campus["x3"].get_children().first()
    go_live = timezone.now() + datetime.timedelta(hours=1)
    NoticePageFactory(parent=campus["xiangyuan"], title="定时通知", go_live_at=go_live)
    assert "定时通知" not in client.get(floor.url).text
    assert status(client.get(floor.url)) == "hit"

    later = go_live + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("grid_pages.pagecache.middleware.time", types.SimpleNamespace(time=later.timestamp))
    response = client.get(floor.url)
    assert status(response) == "miss"
    assert "定时通知" in response.text


def test_the_next_change_is_computed_from_the_data(campus, django_assert_num_queries):
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    assert moments.next_change(now) is None
    notice = NoticePageFactory(parent=campus["home"], expire_at=now + 5 * hour)
    assert moments.next_change(now) == notice.expire_at
    activity = ActivityPageFactory(parent=campus["x3"], start=now - hour, end=now + 4 * hour)
    assert moments.next_change(now) == activity.end + datetime.timedelta(microseconds=1)
    revision = campus["x5"].save_revision(approved_go_live_at=now + hour / 2)
    assert moments.next_change(now) == revision.approved_go_live_at

    later = now + 6 * hour
    assert moments.next_change(later) is None
    day = (later + datetime.timedelta(days=2)).astimezone(RECEPTION_TZ).date()
    ReceptionSessionFactory(
        page=ReceptionPageFactory(parent=campus["home"]), date=day,
        start_time=datetime.time(9), end_time=datetime.time(10),
    )
    assert moments.next_change(later) == datetime.datetime.combine(day, datetime.time(10), tzinfo=RECEPTION_TZ)
    scheduled = NoticePageFactory(parent=campus["home"], go_live_at=later + hour)
    # Every hook's moment is read in one query.
    with django_assert_num_queries(1):
        assert moments.next_change(later) == scheduled.go_live_at


def test_valid_until_is_memoised_per_generation(campus):
    moments.forget()
    now = time.time()
    first = moments.valid_until(1, now)
    NoticePageFactory(parent=campus["home"], expire_at=timezone.now() + datetime.timedelta(minutes=5))
    assert moments.valid_until(1, now) == first  # same generation: no query
    assert moments.valid_until(2, now) < first


def test_pages_not_served_from_a_copy_find_the_site_once_per_change(client, campus, uncached):
    """The site, its root page and the view restrictions are looked up once per generation
    (serving.py); a change to any of them shows on the next request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import PageViewRestriction

    url = campus["x3"].url
    with CaptureQueriesContext(connection) as first:
        assert status(client.get(url, **uncached)) == "pass"
    with CaptureQueriesContext(connection) as second:
        assert status(client.get(url, **uncached)) == "pass"
    # Site, root page, view restrictions; sections may keep more per change (hygiene rankings).
    assert len(first) - len(second) >= 3

    home = campus["home"]
    home.title = "新校区门户"
    home.save_revision().publish()
    assert "新校区门户" in client.get(url, **uncached).content.decode()  # the breadcrumbs' root

    PageViewRestriction.objects.create(page=campus["x3"], restriction_type=PageViewRestriction.LOGIN)
    assert client.get(url, **uncached).status_code == 302  # to the login page
    assert client.get(campus["x3"].get_children().first().url, **uncached).status_code == 302


def test_the_route_starts_from_the_root_in_the_visitors_language_kept_per_change(client, campus, uncached):
    """Wagtail routes from the site's root page in the active language; its translations, read
    with the site once per generation (serving.py), tell it without the locale; a change to
    the root shows on the next request, and an unpublished page is a 404 at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Locale

    english = Locale.objects.get_or_create(language_code="en")[0]
    building_en = campus["x3"].copy_for_translation(english, copy_parents=True)
    building_en.save_revision().publish()
    with CaptureQueriesContext(connection) as queries:
        client.get(building_en.url, **uncached)
    # The first request reads the root's translations with their locales (joined), not the locale.
    assert not [q for q in queries if q["sql"].startswith('SELECT "wagtailcore_locale"')]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(building_en.url, **uncached)
    assert status(response) == "pass" and response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert not [q for q in queries if "wagtailcore_locale" in q["sql"]]
    client.get(campus["x3"].url, **uncached)  # the first Chinese page of the generation looks its own up
    with CaptureQueriesContext(connection) as queries:
        assert client.get(campus["x3"].url, **uncached).status_code == 200
    assert not [q for q in queries if "wagtailcore_locale" in q["sql"]]

    # The English root is an alias of the Chinese one (copy_parents): Wagtail keeps it in step.
    home = campus["home"]
    home.title = "新校区门户"
    home.save_revision().publish()
    assert "新校区门户" in client.get(building_en.url, **uncached).text  # the breadcrumbs' root
    building_en.refresh_from_db()  # live since its revision was published
    building_en.unpublish()
    assert client.get(building_en.url, **uncached).status_code == 404


def test_the_home_checks_the_kept_view_restrictions(client, admin_client, campus, uncached):
    """The home, served through the page cache's middleware, checks the site's view restrictions
    kept for the generation (no query: with its sections and communities kept, none at all);
    a restriction on it or on the tree root applies on the next request, and the admin's
    privacy dialog still gets Wagtail's queryset."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from wagtail.models import Page, PageViewRestriction

    home = campus["home"]
    client.get(home.url, **uncached)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(home.url, **uncached).status_code == 200
    assert len(queries) == 0
    for page in (home, Page.objects.get(depth=1)):
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        assert client.get(home.url, **uncached).status_code == 302  # to the login page
        assert admin_client.get(reverse("wagtailadmin_pages:set_privacy", args=[home.pk])).status_code == 200
        restriction.delete()
        assert client.get(home.url, **uncached).status_code == 200


def test_an_editors_draft_leaves_the_copies_until_it_is_published(client, campus):
    """Saving a draft (or submitting it to moderation) changes no public page: the copies stay.
    Publishing it, or scheduling it (the moments read scheduled revisions), does not."""
    from grid_pages.pagecache import generation

    building = campus["x3"]
    url = building.url
    client.get(url)
    before = generation.current()
    building.title = "草稿楼"
    revision = building.save_revision()
    assert generation.current() == before
    response = client.get(url)
    assert status(response) == "hit" and "草稿楼" not in response.content.decode()

    revision.approved_go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision.save(update_fields=["approved_go_live_at"])
    assert generation.current() != before
    revision.approved_go_live_at = None
    revision.save(update_fields=["approved_go_live_at"])
    revision.publish()
    response = client.get(url)
    assert status(response) == "miss" and "草稿楼" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "label",
    ["grid_cases.case", "grid_nightchecks.mark", "grid_nightchecks.guest", "grid_holidays.declaration",
     "grid_holidays.followupevent", "grid_roster.student", "grid_inspections.roomcheck"],
)
def test_records_no_public_page_shows_leave_the_copies(label):
    """A submission, a night check's marks, a holiday declaration or a roster change do not make
    every page render again; a change to what pages show does."""
    from django.apps import apps

    from grid_pages.models import Room
    from grid_pages.pagecache import generation, signals

    before = generation.current()
    signals.model_changed(sender=apps.get_model(label))
    assert generation.current() == before
    signals.model_changed(sender=Room)
    assert generation.current() != before


@pytest.mark.django_db
def test_a_login_leaves_the_copies(django_user_model):
    """Django's ``update_last_login`` saves ``last_login`` alone: no public page shows it."""
    from django.contrib.auth.models import update_last_login

    from grid_pages.pagecache import generation

    user = django_user_model.objects.create_user("editor", password="pw")
    before = generation.current()
    update_last_login(None, user)
    assert generation.current() == before
    user.first_name = "李"
    user.save()
    assert generation.current() != before


def test_a_booking_leaves_the_copies_of_pages_that_do_not_show_it(client, campus, uncached):
    """A booking (a volatile model) makes the pages that show free places render again, the
    community (its reception section, here from its fragment's copy, which says its rendering
    read them) and the reception page (its own query of the bookings); a building keeps its
    copy. A change of content does not."""
    from grid_pages.models import Room
    from grid_pages.reception import services as reception

    reception_page = ReceptionPageFactory(parent=campus["xiangyuan"])
    session = ReceptionSessionFactory(page=reception_page, capacity=2)
    building, community = campus["x3"].url, campus["xiangyuan"].url
    # The community's sections rendered by a request the page cache does not store, so that
    # the stored copy is made with its reception section from a fragment's copy.
    client.get(community, **uncached)
    for url in (building, community, reception_page.url):
        assert status(client.get(url)) == "miss"
        assert status(client.get(url)) == "hit"
    reception.book(session, name="李雷", student_number="2024000001", room="3-502", topic="转专业")
    assert status(client.get(building)) == "hit"
    for url in (community, reception_page.url):
        response = client.get(url)
        assert status(response) == "miss" and "剩余 1 个名额" in response.text
    Room.objects.filter(floor__in=campus["x3"].get_children()).first().save()
    assert status(client.get(building)) == "miss"


@pytest.mark.django_db
def test_a_rendering_that_reads_a_volatile_model_is_watched():
    """``generation.watching``: a query of a volatile model's table, a value kept for every write,
    a part rendered inside that read one; nothing else."""
    from grid_pages.models import Room
    from grid_pages.pagecache import generation
    from grid_pages.reception.models import Booking

    def watched(read):
        with generation.watching() as watch:
            read()
        return watch.volatile

    assert not watched(lambda: list(Room.objects.all()))
    assert watched(lambda: Booking.objects.filter(session__capacity=1).exists())
    assert not watched(generation.PerGeneration(list).get)
    assert watched(generation.PerGeneration(list, every_write=True).get)
    assert not watched(lambda: moments.UntilNextChange(lambda now, key: 0).get())
    assert watched(lambda: moments.UntilNextChange(lambda now, key: 0, every_write=True).get())

    def a_part_that_reads_one():
        with generation.watching():
            Booking.objects.exists()

    assert watched(a_part_that_reads_one)  # a fragment rendered for the page
    generation.note_volatile()  # outside a watch: nothing to mark, no error
