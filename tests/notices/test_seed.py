"""The demo notices: realistic, cascading, and seeded once however often the seed runs."""

from io import StringIO

import pytest
from wagtail.documents import get_document_model

from grid_pages.notices.models import NoticeAttachment, NoticePage
from grid_pages.notices.selectors import notices_for
from home import demo_notices

pytestmark = pytest.mark.django_db


def counts():
    return (NoticePage.objects.count(), NoticeAttachment.objects.count(), get_document_model().objects.count())


def test_seed_twice_gives_the_same_notices(client, campus):
    out = StringIO()
    assert demo_notices.seed(campus["home"], out) == 5
    first = counts()
    assert first == (5, 1, 1)
    assert demo_notices.seed(campus["home"], out) == 0
    assert counts() == first
    assert "created 0, 5 already there" in out.getvalue()

    floor = campus["xiangyuan"].get_children().first().get_children().first()
    titles = [n.title for n in notices_for(floor)]
    assert titles[0] == "关于开展本学期宿舍安全检查的通知"  # pinned
    assert len(titles) == 5
    html = client.get(floor.url).content.decode()
    assert "热水系统检修通知" in html and "来自 庠园社区" in html
    stay = NoticePage.objects.get(slug="winter-stay")
    page = client.get(stay.url).content.decode()
    assert "寒假留校住宿申请表" in page and "CSV" in page
