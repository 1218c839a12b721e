"""The reception section takes its sessions from the site's upcoming ones, kept per page-cache
generation, time-driven change and language (``wagtail_hooks.section_sessions``): the same
sessions, free places and texts as the pages' own query, at every moment."""

import datetime

import pytest
from django.utils import translation
from wagtail.models import Locale

from grid_pages.pagecache import generation
from grid_pages.reception import wagtail_hooks
from grid_pages.reception.models import RECEPTION_TZ, ReceptionSession, ReceptionSessionTranslation
from grid_pages.reception.wagtail_hooks import section_sessions
from tests.reception.factories import BookingFactory, ReceptionPageFactory, ReceptionSessionFactory

pytestmark = pytest.mark.django_db


def queried(pages, now=None):
    keys = [p.translation_key for p in pages]
    return list(ReceptionSession.objects.filter(page__translation_key__in=keys).upcoming(now).with_counts()[:5])


def shown(sessions):
    return [(s.pk, s.places_left, s.shown_place) for s in sessions]


@pytest.fixture
def pages(campus, reception_page):
    community = ReceptionPageFactory(parent=campus["xiangyuan"], title="庠园接待日", slug="xy-reception")
    today = datetime.date.today()
    for days in (1, 3, 5, 8, 9, 12, 15):
        ReceptionSessionFactory(page=reception_page, date=today + datetime.timedelta(days=days))
    for days in (2, 4, -3):
        ReceptionSessionFactory(page=community, date=today + datetime.timedelta(days=days))
    return {"campus": reception_page, "community": community}


def test_each_section_lists_what_its_own_query_finds(pages, django_assert_num_queries):
    section_sessions([pages["campus"]])  # the site's upcoming sessions read for this period
    for chosen in ([pages["campus"]], [pages["community"]], [pages["campus"], pages["community"]]):
        with django_assert_num_queries(0):
            found = section_sessions(chosen)
        assert shown(found) == shown(queried(chosen))
        assert found


def test_a_booking_shows_in_the_free_places_at_once(pages):
    first = section_sessions([pages["community"]])[0]
    BookingFactory(session=first)
    assert section_sessions([pages["community"]])[0].places_left == first.places_left - 1


def test_a_session_that_ended_leaves_without_a_write(pages):
    first = section_sessions([pages["community"]])[0]
    end = datetime.datetime.combine(first.date, first.end_time, tzinfo=RECEPTION_TZ)
    before = section_sessions([pages["community"]], now=end - datetime.timedelta(minutes=1))
    after = section_sessions([pages["community"]], now=end + datetime.timedelta(minutes=1))
    assert first.pk in [s.pk for s in before] and first.pk not in [s.pk for s in after]
    assert shown(after) == shown(queried([pages["community"]], end + datetime.timedelta(minutes=1)))


def test_each_language_has_its_texts(pages):
    en = Locale.objects.get_or_create(language_code="en")[0]
    session = section_sessions([pages["community"]])[0]
    ReceptionSessionTranslation.objects.create(session=session, locale=en, place="Xiangyuan Party Room")
    with translation.override("en"):
        english = section_sessions([pages["community"]])[0]
    chinese = section_sessions([pages["community"]])[0]
    assert (english.pk, english.shown_place) == (session.pk, "Xiangyuan Party Room")
    assert (chinese.pk, chinese.shown_place) == (session.pk, session.place)


def test_past_the_bound_each_page_reads_its_own(pages, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(wagtail_hooks, "KEPT_SESSIONS", 3)
    generation.bump()
    section_sessions([pages["community"]])  # reads the site's, finds too many
    with django_assert_num_queries(1):
        found = section_sessions([pages["community"]])
    assert shown(found) == shown(queried([pages["community"]]))
