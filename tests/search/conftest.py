import pytest
from modelsearch.index import insert_or_update_object
from wagtail.models import Locale, Page


def reindex():
    """Index the pages again: factories add rooms and people after their page was indexed."""
    for page in Page.objects.filter(depth__gt=1).specific():
        insert_or_update_object(page)


@pytest.fixture
def indexed_campus(campus):
    """The test campus with Chinese text inside longer strings, indexed by the configured backend."""
    x3, q3, xiangyuan = campus["x3"], campus["q3"], campus["xiangyuan"]
    x3.introduction = "<p>学生宿舍报修申请请交楼长，党员先锋岗设在一楼大厅。</p>"
    x3.address = "庠园路8号"
    x3.save_revision().publish()
    q3.title = "沁园3号公寓"
    q3.introduction = "<p>宿舍Wi-Fi密码见门口告示。</p>"
    q3.save_revision().publish()
    xiangyuan.introduction = "<p>第十届社区文化节开幕，欢迎各寝室参加。</p>"
    xiangyuan.save_revision().publish()
    reindex()
    return campus


def english_copy(page, locale, title, introduction=""):
    copy = page.copy_for_translation(locale)
    copy.title = title
    if introduction:
        copy.introduction = introduction
    copy.save_revision().publish()
    return copy


@pytest.fixture
def english_community(indexed_campus):
    """庠园社区 translated to English and published under /en/."""
    en = Locale.objects.get_or_create(language_code="en")[0]
    english_copy(indexed_campus["home"], en, "Student community")
    community = english_copy(
        indexed_campus["xiangyuan"], en, "Xiangyuan Community", "<p>The culture festival opens this week.</p>"
    )
    return {**indexed_campus, "en": en, "en_xiangyuan": community}
