"""The notices section takes its notices from the site's, kept per page-cache generation and
time-driven change (``wagtail_hooks.section_notices``): the same notices, in the same order, as
the page's own query, at every moment, and each page's copies marked for that page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from grid_pages.notices import selectors
from grid_pages.notices.wagtail_hooks import section_notices
from grid_pages.pagecache import generation
from tests.notices.factories import NoticePageFactory

pytestmark = pytest.mark.django_db

def kept(page, now=None):
    return [n.pk for n in section_notices(page, now)]


def queried(page, now=None):
    return [n.pk for n in selectors.notices_for(page, limit=6, origins=False, now=now)]


@pytest.fixture
def many(campus, floors, notices):
    """Seven more on the community (two pinned), and a hidden one under a restricted page."""
    x = campus["xiangyuan"]
    extra = [NoticePageFactory(parent=x, title=f"庠园通知{i}", pinned=i in (2, 5)) for i in range(7)]
    secret = NoticePageFactory(parent=campus["x3"], title="内部通知", slug="secret")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    return {**notices, "extra": extra, "secret": secret}


def test_each_page_lists_what_its_own_query_finds(campus, floors, many, django_assert_num_queries):
    pages = [floors["x3f5"], floors["x5f1"], floors["q3f1"], campus["x3"], campus["x5"], campus["q3"],
             campus["xiangyuan"], campus["qinyuan"], campus["home"]]
    kept(campus["home"])  # the site's notices read for this generation
    for page in pages:
        with django_assert_num_queries(0):
            found = kept(page)
        assert found == queried(page), page
    # Pinned first, then newest: the community's pinned two lead every page below it.
    assert kept(floors["x3f5"])[:2] == [many["extra"][5].pk, many["extra"][2].pk]
    assert many["secret"].pk not in kept(campus["x3"])


def test_expiry_and_scheduled_publication_are_followed_without_a_write(campus, floors, notices):
    now = timezone.now()
    expiring = NoticePageFactory(parent=campus["x3"], title="今晚过期", expire_at=now + timedelta(hours=1))
    # live=True before its time, as a page scheduled while live: the time alone hides it.
    scheduled = NoticePageFactory(parent=campus["x3"], title="明早生效", go_live_at=now + timedelta(hours=2), live=True)
    floor = floors["x3f5"]
    # As time goes on (the kept notices are read again at each moment, never later).
    for minutes, shown in ((0, {expiring.pk}), (59, {expiring.pk}), (61, set()), (180, {scheduled.pk})):
        moment = now + timedelta(minutes=minutes)
        found = kept(floor, moment)
        assert found == queried(floor, moment), minutes
        assert {expiring.pk, scheduled.pk} & set(found) == shown, minutes


def test_each_page_marks_its_own_copies(campus, floors, notices):
    building = section_notices(campus["x3"])
    floor = section_notices(floors["x3f5"])
    selectors.set_origins(campus["x3"], building, [campus["home"], campus["xiangyuan"]])
    selectors.set_origins(floors["x3f5"], floor, [campus["home"], campus["xiangyuan"], campus["x3"]])
    door = notices["x3"].pk
    assert [n.is_local for n in building if n.pk == door] == [True]
    assert [n.is_local for n in floor if n.pk == door] == [False]
    assert [n.origin_title for n in floor if n.pk == door] == [campus["x3"].title]


def test_past_the_bound_each_page_reads_its_own(campus, floors, notices, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(selectors, "KEPT_NOTICES", 5)  # six pages have notices, one each
    generation.bump()
    floor = floors["x3f5"]
    section_notices(floor)  # reads the site's, finds too many
    with django_assert_num_queries(1):  # the floor's own (the site's view restrictions kept on it)
        found = section_notices(floor)
    assert [n.title for n in found] == ["5层热水器维修", "3栋门禁升级", "庠园社区卫生检查", "全校停水通知"]
