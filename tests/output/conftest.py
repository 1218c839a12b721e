import pytest
from django.utils import translation

from grid_pages.cases.models import RepairRequestPage
from tests.activities.conftest import activities, campus_index  # noqa: F401
from tests.cases.conftest import matters, submit  # noqa: F401
from tests.grid_pages.conftest import english_campus  # noqa: F401
from tests.notices.factories import NoticePageFactory
from tests.plaques.conftest import plaques  # noqa: F401
from tests.reception.conftest import place_session, reception_page  # noqa: F401


@pytest.fixture
def small_site(english_campus, plaques, place_session, activities, matters, submit):  # noqa: F811
    """The fixture campus with a page of every kind students reach: notices at campus,
    community and building level, plaques, a reception page, activities, a repair page, a
    tracked case, and 庠园3栋's fifth floor in English. Returns the extra start URLs (pages
    nothing links to, such as a case's tracking page)."""
    home = english_campus["home"]
    NoticePageFactory(parent=home, title="寒假留校登记", slug="winter", pinned=True)
    NoticePageFactory(parent=english_campus["xiangyuan"], title="庠园停水通知", slug="water", urgent=True)
    NoticePageFactory(parent=english_campus["x3"], title="门禁升级", slug="door")
    repair = home.add_child(instance=RepairRequestPage(title="报修", slug="repair", thank_you_text="<p>谢谢</p>"))
    repair.save_revision().publish()
    case = submit(english_campus["x3"], "502")
    return [f"/track/{case.code}/"]


@pytest.fixture(autouse=True)
def default_language_after():
    """Each request activates its language and leaves it on in the thread: after fetching /en/
    pages, put the default back so that the next test's ``reverse`` is not under /en/."""
    yield
    translation.deactivate()
