"""Room heads are students: visitors see surname + 同学 and a masked mobile number, staff see all."""

import pytest

from grid_pages.models import Room
from grid_pages.privacy import mask_phone, surname
from grid_pages.roles import GridRole
from tests.cases.conftest import make_user
from tests.factories import GridAssignmentFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def floor(campus):
    floor = campus["x3"].get_children().get(slug="f5").specific
    room = Room.objects.get(floor=floor, number="502")
    room.head = StaffMemberFactory(name="王小明", position="寝室长", phone="138 0013 8031", email="wxm@stu.example.edu.cn")
    room.save()
    GridAssignmentFactory(
        page=floor, role=GridRole.ROOM_HEAD, staff=StaffMemberFactory(name="欧阳娜娜", phone="13912345678")
    )
    GridAssignmentFactory(
        page=floor, role=GridRole.COUNSELLOR, staff=StaffMemberFactory(name="李老师", phone="0571-88880000", office="3栋101")
    )
    return floor


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, response.content.decode()


@pytest.mark.parametrize("url", ["", "?room=502"])
def test_visitors_see_surname_and_masked_mobile(client, floor, url):
    response, html = html_of(client, floor.url + url)
    assert "王同学" in html and "138****8031" in html and "欧阳同学" in html and "139****5678" in html
    for private in ("王小明", "138 0013 8031", "13800138031", "wxm@stu", "欧阳娜娜", "13912345678"):
        assert private not in html
    # Staff stay public: name, office and office phone.
    assert "李老师" in html and "0571-88880000" in html and "3栋101" in html
    assert "cookie" not in response.get("Vary", "").lower()


def test_signed_in_staff_see_everything(client, floor):
    client.force_login(make_user("office_worker"))
    _response, html = html_of(client, floor.url + "?room=502")
    assert "王小明" in html and 'href="tel:13800138031"' in html and "欧阳娜娜" in html and "13912345678" in html


def test_a_signed_in_user_without_admin_access_sees_the_masked_version(client, floor, django_user_model):
    client.force_login(django_user_model.objects.create_user("student", "s@example.edu.cn", "pw"))
    _response, html = html_of(client, floor.url)
    assert "王同学" in html and "王小明" not in html


def test_masking_can_be_turned_off(client, floor, settings):
    settings.GRID_PAGES_MASK_STUDENT_CONTACTS = False
    _response, html = html_of(client, floor.url)
    assert "王小明" in html and "13912345678" in html


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("13800138031", "138****8031"), ("+86 138-0013-8031", "138****8031"), ("8031", "****"), ("", "")],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(("name", "family"), [("王小明", "王"), ("欧阳娜娜", "欧阳"), ("Li Lei", "Lei"), ("欧阳", "欧")])
def test_surname(name, family):
    assert surname(name) == family
