import pytest

from tests.notices.factories import NoticePageFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded attachments go to a temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def floors(campus):
    """Floor 5 of 庠园3栋, floor 1 of 庠园5栋 and floor 1 of 沁园3栋."""
    return {
        "x3f5": campus["x3"].get_children().get(slug="f5").specific,
        "x5f1": campus["x5"].get_children().get(slug="f1").specific,
        "q3f1": campus["q3"].get_children().get(slug="f1").specific,
    }


@pytest.fixture
def notices(campus, floors):
    """One notice at every level along 庠园3栋5层, and one on each of the other buildings."""
    return {
        "campus": NoticePageFactory(parent=campus["home"], title="全校停水通知", slug="water"),
        "xiangyuan": NoticePageFactory(parent=campus["xiangyuan"], title="庠园社区卫生检查", slug="clean"),
        "x3": NoticePageFactory(parent=campus["x3"], title="3栋门禁升级", slug="door"),
        "x3f5": NoticePageFactory(parent=floors["x3f5"], title="5层热水器维修", slug="heater"),
        "x5": NoticePageFactory(parent=campus["x5"], title="5栋消防演练", slug="fire"),
        "qinyuan": NoticePageFactory(parent=campus["qinyuan"], title="沁园社区篮球赛", slug="ball"),
    }
