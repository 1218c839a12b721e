"""Notices cascade down the grid: published on a level, shown there and on every page below."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from grid_pages.notices.selectors import notices_for
from tests.notices.factories import NoticeAttachmentFactory, NoticePageFactory

pytestmark = pytest.mark.django_db


def titles(page):
    return [n.title for n in notices_for(page)]


def section(client, page):
    """The notices section of ``page`` as served."""
    html = client.get(page.url).content.decode()
    start = html.index('class="notice-section"')
    return html[start : html.index("</section>", start)]


def test_notices_cascade_from_campus_to_floor(campus, floors, notices):
    assert set(titles(floors["x3f5"])) == {"全校停水通知", "庠园社区卫生检查", "3栋门禁升级", "5层热水器维修"}
    assert set(titles(campus["x3"])) == {"全校停水通知", "庠园社区卫生检查", "3栋门禁升级"}
    assert set(titles(campus["xiangyuan"])) == {"全校停水通知", "庠园社区卫生检查"}
    assert titles(campus["home"]) == ["全校停水通知"]
    # A building's notice stays in that building; a community's in that community.
    assert set(titles(floors["x5f1"])) == {"全校停水通知", "庠园社区卫生检查", "5栋消防演练"}
    assert set(titles(floors["q3f1"])) == {"全校停水通知", "沁园社区篮球赛"}


def test_grid_pages_show_applicable_notices_marked_with_their_origin(client, campus, floors, notices):
    html = section(client, floors["x3f5"])
    for title in ("全校停水通知", "庠园社区卫生检查", "3栋门禁升级", "5层热水器维修"):
        assert title in html
    assert "5栋消防演练" not in html and "沁园社区篮球赛" not in html
    assert "来自 庠园社区" in html
    assert "来自 庠园3栋" in html
    assert "来自 一站式学生社区" in html
    # A notice published on the page itself needs no origin.
    assert "来自 5层" not in html

    building = section(client, campus["x3"])
    assert "3栋门禁升级" in building and "5层热水器维修" not in building
    assert "来自 庠园3栋" not in building
    community = section(client, campus["xiangyuan"])
    assert "3栋门禁升级" not in community and "5栋消防演练" not in community
    home = section(client, campus["home"])
    assert "全校停水通知" in home and "庠园社区卫生检查" not in home


def test_origin_is_translated_on_english_pages(client, campus, notices):
    with override("en"):
        html = client.get("/en" + campus["x3"].url).content.decode()
    assert "From 庠园社区" in html


def test_pinned_first_then_newest(campus, notices):
    pinned_old = NoticePageFactory(
        parent=campus["xiangyuan"], title="置顶：宿舍安全须知", pinned=True,
        first_published_at=timezone.now() - timedelta(days=3000),
    )
    newest = NoticePageFactory(parent=campus["home"], title="最新通知", first_published_at=timezone.now())
    result = list(notices_for(campus["x3"]))
    assert result[0] == pinned_old
    assert result[1] == newest
    dates = [n.first_published_at for n in result[1:]]
    assert dates == sorted(dates, reverse=True)


def test_expired_and_scheduled_notices_are_hidden(client, campus, notices):
    now = timezone.now()
    # live=True but expiry passed: publish_scheduled has not run yet, the notice still goes.
    NoticePageFactory(parent=campus["x3"], title="已过期通知", expire_at=now - timedelta(minutes=1))
    NoticePageFactory(parent=campus["x3"], title="未来通知", go_live_at=now + timedelta(days=1))
    NoticePageFactory(parent=campus["x3"], title="未上线通知", live=False)
    NoticePageFactory(parent=campus["x3"], title="明天过期通知", expire_at=now + timedelta(days=1))
    shown = titles(campus["x3"])
    assert "明天过期通知" in shown
    assert not {"已过期通知", "未来通知", "未上线通知"} & set(shown)
    html = client.get(campus["x3"].url).content.decode()
    assert "明天过期通知" in html and "已过期通知" not in html and "未来通知" not in html


def test_section_shows_five_with_a_link_to_all(client, campus):
    for i in range(7):
        NoticePageFactory(parent=campus["x3"], title=f"楼栋通知{i}")
    html = section(client, campus["x3"])
    assert html.count('class="grid-card notice-item') == 5
    assert f'href="/grid/notices/for/{campus["x3"].pk}/"' in html
    assert f'href="/grid/notices/feed/{campus["x3"].pk}/rss/"' in html
    assert f'href="/grid/notices/feed/{campus["x3"].pk}/atom/"' in html


def test_badges_for_pinned_and_urgent(client, campus):
    NoticePageFactory(parent=campus["x3"], title="紧急停电", urgent=True, pinned=True)
    html = section(client, campus["x3"])
    assert "notice-badge--urgent" in html and "紧急" in html
    assert "notice-badge--pinned" in html and "置顶" in html


def test_notice_page_renders_body_origin_and_attachments(client, campus):
    notice = NoticePageFactory(
        parent=campus["xiangyuan"], title="寝室调整名单", body="<p>请查看附件中的<b>调整名单</b>。</p>"
    )
    NoticeAttachmentFactory(notice=notice, document__title="调整名单", sort_order=1)
    NoticeAttachmentFactory(notice=notice, title="报名表（可打印）", sort_order=2)
    response = client.get(notice.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<b>调整名单</b>" in html
    assert "来自 庠园社区" in html
    assert "调整名单" in html and "报名表（可打印）" in html
    assert "CSV" in html
    assert "2.0\xa0KB" in html  # 2000 bytes, as filesizeformat writes it
    assert "/documents/" in html


def test_listing_paginates_all_applicable_notices(client, campus, floors, notices):
    for i in range(25):
        NoticePageFactory(parent=campus["home"], title=f"全校通知{i:02d}")
    url = f"/grid/notices/for/{floors['x3f5'].pk}/"
    first = client.get(url).content.decode()
    assert first.count('class="grid-card notice-item') == 20
    assert "全校通知24" in first and "5栋消防演练" not in first
    second = client.get(url + "?page=2").content.decode()
    assert second.count('class="grid-card notice-item') == 29 - 20
    assert "5层热水器维修" in second or "5层热水器维修" in first
    assert client.get(url + "?page=abc").status_code == 200


@pytest.mark.parametrize("suffix", ["for/{}/", "feed/{}/rss/", "feed/{}/atom/"])
def test_unknown_and_non_grid_pages_are_404(client, campus, notices, suffix):
    assert client.get("/grid/notices/" + suffix.format(999999)).status_code == 404
    assert client.get("/grid/notices/" + suffix.format(10**30)).status_code == 404
    # A notice itself and the tree root are not places notices are listed on.
    assert client.get("/grid/notices/" + suffix.format(notices["x3"].pk)).status_code == 404
    assert client.get("/grid/notices/" + suffix.format(1)).status_code == 404
    assert client.get("/grid/notices/" + suffix.format(campus["x3"].pk)).status_code == 200


def test_hostile_text_is_escaped(client, campus):
    evil = '<script>alert("x")</script>'
    campus["xiangyuan"].title = "庠园" + evil
    campus["xiangyuan"].save()
    NoticePageFactory(parent=campus["xiangyuan"], title="通知" + evil)
    for url in (campus["x3"].url, f"/grid/notices/for/{campus['x3'].pk}/"):
        html = client.get(url).content.decode()
        assert evil not in html
        assert "通知&lt;script&gt;" in html


def test_anonymous_pages_carry_no_per_user_state(client, campus, notices):
    response = client.get(campus["x3"].url)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_restricted_notices_are_not_listed(client, campus):
    from wagtail.models import PageViewRestriction

    secret = NoticePageFactory(parent=campus["x3"], title="仅限楼长查看")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    assert "仅限楼长查看" not in titles(campus["x3"])
    assert "仅限楼长查看".encode() not in client.get(f"/grid/notices/feed/{campus['x3'].pk}/rss/").content
