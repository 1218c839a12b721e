"""An activity page: Shanghai times, tags linking to the list, body blocks; created in the admin."""

import datetime
import zoneinfo

import pytest
import wagtail_factories
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, override
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from grid_pages.activities.models import ActivityPage
from tests.activities.factories import ActivityPageFactory

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_times_are_shown_in_shanghai_time(client, campus, campus_index):
    start = datetime.datetime(2030, 12, 1, 11, 0, tzinfo=datetime.UTC)  # 19:00 in Shanghai
    page = ActivityPageFactory(
        parent=campus["x3"], title="冬至包饺子", start=start, end=start + datetime.timedelta(hours=2),
        capacity=40, signup_url="https://example.edu.cn/signup", tag_names=["美食"],
    )
    html = client.get(page.url).content.decode()
    assert "2030年12月1日 19:00" in html and "21:00" in html
    assert 'datetime="2030-12-01T19:00:00+08:00"' in html
    assert 'href="https://example.edu.cn/signup"' in html
    assert f'href="{campus_index.url}?tag=%E7%BE%8E%E9%A3%9F"' in html
    assert 'href="/xiangyuan/b3/"' in html  # its building
    english = client.get("/en" + page.url).content.decode()
    assert "Dec. 1, 2030, 7 p.m." in english


def test_past_activity_says_so_and_hides_sign_up(client, campus):
    page = ActivityPageFactory(parent=campus["x3"], days=-2, signup_url="https://example.edu.cn/old")
    html = client.get(page.url).content.decode()
    assert "https://example.edu.cn/old" not in html


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("grid_activities", "activitypage", parent.pk))


def form(**overrides):
    image = wagtail_factories.ImageFactory(title="合影")
    data = {
        "title": "庠园冬至包饺子",
        "slug": "dongzhi",
        "start": "2030-12-21 17:00",
        "end": "2030-12-21 19:30",
        "place": "3栋一楼党员工作站",
        "organiser": "经济学院团委",
        "capacity": "40",
        "signup_url": "https://example.edu.cn/signup",
        "tags": "美食, 志愿服务",
        "body": streamfield(
            [
                ("paragraph", rich_text("<p>一起包饺子，过冬至。</p>")),
                ("image", {"image": str(image.pk), "caption": "去年的活动"}),
                (
                    "gallery",
                    {
                        "count": "1",
                        "0": {"value": {"image": str(image.pk), "caption": "饺子"}, "deleted": "", "order": "0", "id": ""},
                    },
                ),
            ]
        ),
        "comments": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"},
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_create_in_the_admin_with_tags_and_body(admin_client, campus):
    response = admin_client.post(add_url(campus["x3"]), form())
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = ActivityPage.objects.get(slug="dongzhi")
    assert page.live
    assert sorted(page.tags.names()) == ["志愿服务", "美食"]
    assert [block.block_type for block in page.body] == ["paragraph", "image", "gallery"]
    assert page.start == datetime.datetime(2030, 12, 21, 17, 0, tzinfo=SHANGHAI)
    html = admin_client.get(page.url).content.decode()
    assert "一起包饺子，过冬至。" in html and "饺子" in html


def test_end_before_start_is_refused_with_a_clear_message(admin_client, campus):
    response = admin_client.post(add_url(campus["x3"]), form(start="2030-12-21 19:00", end="2030-12-21 17:00"))
    assert response.status_code == 200
    with override(settings.LANGUAGE_CODE):
        expected = gettext("An activity must end after it starts.")
    assert expected == "活动的结束时间必须晚于开始时间。"
    assert response.context["form"].errors["end"] == [expected]
    assert expected in response.content.decode()
    assert not ActivityPage.objects.filter(slug="dongzhi").exists()


def test_activities_go_under_communities_buildings_and_lists_only(campus, campus_index):
    assert ActivityPage.can_create_at(campus["xiangyuan"])
    assert ActivityPage.can_create_at(campus["x3"])
    assert ActivityPage.can_create_at(campus_index)
    assert not ActivityPage.can_create_at(campus["x3"].get_children().first())  # a floor
    assert not ActivityPage.can_create_at(campus["home"])


def test_activity_lists_go_under_the_campus_root_and_communities_once(campus, campus_index):
    from grid_pages.activities.models import ActivityIndexPage

    assert ActivityIndexPage.can_create_at(campus["xiangyuan"])
    assert not ActivityIndexPage.can_create_at(campus["x3"])
    assert not ActivityIndexPage.can_create_at(campus["home"])  # it has one already
    assert ActivityIndexPage.can_create_at(campus["qinyuan"])


def test_admin_forms_render(admin_client, campus, campus_index):
    assert admin_client.get(add_url(campus["x3"])).status_code == 200
    page = ActivityPageFactory(parent=campus_index, tag_names=["读书"])
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200
    assert "读书" in edit.content.decode()
