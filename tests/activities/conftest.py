import pytest

from tests.activities.factories import ActivityIndexPageFactory, ActivityPageFactory


@pytest.fixture
def campus_index(campus):
    return ActivityIndexPageFactory(parent=campus["home"])


@pytest.fixture
def activities(campus, campus_index):
    """Activities at every level: the 庠园 community, its buildings 3 and 5, and 沁园 3栋."""
    x, q = campus["xiangyuan"], campus["qinyuan"]
    return {
        "community": ActivityPageFactory(parent=x, title="庠园读书会", days=2, tag_names=["读书"]),
        "x3": ActivityPageFactory(parent=campus["x3"], title="3栋包饺子", days=1, tag_names=["美食", "志愿服务"]),
        "x3_past": ActivityPageFactory(parent=campus["x3"], title="3栋电影夜", days=-10, tag_names=["电影"]),
        "x5": ActivityPageFactory(parent=campus["x5"], title="5栋篮球赛", days=4, tag_names=["体育"]),
        "q3": ActivityPageFactory(parent=campus["q3"], title="沁园义诊", days=5, tag_names=["志愿服务"]),
        "q_old": ActivityPageFactory(parent=q, title="沁园迎新晚会", days=-30),
    }
