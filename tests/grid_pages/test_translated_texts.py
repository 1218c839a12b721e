"""Records shown on pages (people, plaques, reception sessions, departments) keep one row;
their texts may be given per language, and English pages show the English text where there
is one and the Chinese one otherwise, without more queries per row."""

import pytest
from django.db import connection
from django.urls import reverse
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from grid_pages.cases.models import Department, DepartmentTranslation, department_name
from grid_pages.models import GridAssignment, StaffMemberTranslation
from grid_pages.plaques.models import PlaqueTranslation
from grid_pages.reception.models import ReceptionSessionTranslation
from grid_pages.roles import GridRole
from tests.factories import GridAssignmentFactory, StaffMemberFactory
from tests.grid_pages.conftest import english_campus  # noqa: F401
from tests.plaques.conftest import plaques  # noqa: F401
from tests.reception.conftest import place_session, reception_page  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def default_language_after():
    yield
    translation.deactivate()


def get(client, url):
    with translation.override("en"):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_people_show_their_english_position_and_office_on_english_pages(client, english_campus):
    floor = english_campus["x3"].get_children().get(slug="f5")
    head = GridAssignment.objects.get(page=floor, role=GridRole.FLOOR_HEAD).staff
    head.position, head.office = "学生会副主席", "庠园3栋101"
    head.save()
    StaffMemberTranslation.objects.create(
        staff=head, locale=english_campus["en"], position="Vice-president, Student Union", office="Building 3, room 101"
    )
    english_floor = english_campus["en_floor5"]
    # The English floor's assignments are copies pointing at the same people.
    assert english_floor.grid_assignments.filter(staff=head).exists()
    untranslated = StaffMemberFactory(position="宿管阿姨", office="庠园3栋值班室")
    GridAssignmentFactory(page=english_floor, role=GridRole.DORM_KEEPER, staff=untranslated)

    html = get(client, english_floor.url)
    assert "Vice-president, Student Union" in html and "Building 3, room 101" in html
    assert "学生会副主席" not in html
    assert "宿管阿姨" in html and "庠园3栋值班室" in html  # not translated: the Chinese text

    chinese = client.get(floor.url).content.decode()
    assert "学生会副主席" in chinese and "Vice-president" not in chinese


def test_english_floor_page_queries_do_not_grow_with_translated_people(client, english_campus):
    english_floor = english_campus["en_floor5"]
    url = english_floor.url

    def count():
        get(client, url)  # warm per-process caches
        with translation.override("en"), CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for i in range(5):
        person = StaffMemberFactory(position=f"辅导员{i}")
        StaffMemberTranslation.objects.create(staff=person, locale=english_campus["en"], position=f"Counsellor {i}")
        GridAssignmentFactory(page=english_floor, role=GridRole.COUNSELLOR, staff=person)
    assert count() == before
    assert "Counsellor 4" in get(client, url)


def test_plaque_pledge_in_english_on_english_floor_page(client, english_campus, plaques):
    plaque = plaques["x3_502"]
    PlaqueTranslation.objects.create(plaque=plaque, locale=english_campus["en"], commitment="We study hard and help others.")
    html = get(client, english_campus["en_floor5"].url)
    assert "We study hard and help others." in html
    assert plaque.commitment not in html
    assert plaque.commitment in client.get(english_campus["x3"].get_children().get(slug="f5").url).content.decode()


def test_reception_session_texts_in_english(client, english_campus, place_session):
    ReceptionSessionTranslation.objects.create(
        session=place_session, locale=english_campus["en"], leader_position="Deputy Party Secretary",
        place="Xiangyuan activity room",
    )
    with translation.override("en"):
        url = reverse("grid_reception:book", args=[place_session.pk])
    html = get(client, url)
    assert "Deputy Party Secretary" in html and "Xiangyuan activity room" in html
    assert place_session.topics in html  # not translated: the Chinese text
    with translation.override("zh-hans"):  # whatever language an earlier test left active
        url = reverse("grid_reception:book", args=[place_session.pk])
    chinese = client.get(url).content.decode()
    assert place_session.place in chinese


def test_department_name_in_english_where_translated(english_campus):
    department = Department.objects.create(name="国际交流处")
    assert department_name(department.pk, department.name) == "国际交流处"
    with translation.override("en"):
        assert department_name(department.pk, department.name) == "国际交流处"
        DepartmentTranslation.objects.create(department=department, locale=english_campus["en"], name="International Office")
        assert department_name(department.pk, department.name) == "International Office"
        assert department_name(None, "国际交流处") == "国际交流处"
    assert department_name(department.pk, department.name) == "国际交流处"


def test_editors_translate_a_person_in_the_admin(admin_client, english_campus):
    person = StaffMemberFactory(position="辅导员", office="庠园综合服务站")
    url = reverse("wagtailsnippets_grid_pages_staffmember:edit", args=[person.pk])
    assert admin_client.get(url).status_code == 200
    data = {
        "name": person.name, "position": person.position, "phone": person.phone, "email": person.email,
        "office": person.office, "photo": "", "user": "",
        "translations-TOTAL_FORMS": "1", "translations-INITIAL_FORMS": "0",
        "translations-0-locale": str(english_campus["en"].pk), "translations-0-position": "Counsellor",
        "translations-0-office": "", "translations-0-id": "", "translations-0-DELETE": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    translated = person.translations.get()
    assert (translated.locale, translated.position, translated.office) == (english_campus["en"], "Counsellor", "")
    # A second translation into the same language is refused, not a 500.
    data.update({"translations-TOTAL_FORMS": "2", "translations-INITIAL_FORMS": "1",
                 "translations-0-id": str(translated.pk),
                 "translations-1-locale": str(english_campus["en"].pk), "translations-1-position": "Tutor",
                 "translations-1-office": "", "translations-1-id": "", "translations-1-DELETE": ""})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert person.translations.count() == 1
