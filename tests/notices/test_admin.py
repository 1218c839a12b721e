"""Editors publish notices through Wagtail's page editor, at every level the grid allows."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from grid_pages.notices.models import NoticePage
from tests.notices.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("grid_notices", "noticepage", parent.pk))


def test_notice_is_created_and_published_through_the_admin(admin_client, client, campus):
    document = DocumentFactory(title="消防演练路线图")
    assert admin_client.get(add_url(campus["x3"])).status_code == 200
    data = nested_form_data(
        {
            "title": "消防演练通知",
            "slug": "fire-drill",
            "body": rich_text("<p>周三下午三点全楼消防演练。</p>"),
            "pinned": "on",
            "urgent": "on",
            "notice_attachments": inline_formset([{"document": document.pk, "title": ""}]),
            "action-publish": "action-publish",
        }
    )
    response = admin_client.post(add_url(campus["x3"]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = NoticePage.objects.get(slug="fire-drill")
    assert notice.live and notice.pinned and notice.urgent
    assert notice.get_parent().pk == campus["x3"].pk
    assert [a.document_id for a in notice.notice_attachments.all()] == [document.pk]

    floor = campus["x3"].get_children().get(slug="f1")
    html = client.get(floor.url).content.decode()
    assert "消防演练通知" in html and "来自 庠园3栋" in html
    page = client.get(notice.url).content.decode()
    assert "周三下午三点全楼消防演练" in page and "消防演练路线图" in page


def test_scheduled_notice_waits_for_its_time(admin_client, client, campus):
    data = nested_form_data(
        {
            "title": "下周停电通知",
            "slug": "power",
            "body": rich_text("<p>下周二停电。</p>"),
            "go_live_at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M"),
            "notice_attachments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = admin_client.post(add_url(campus["xiangyuan"]), data)
    assert response.status_code == 302
    assert NoticePage.objects.filter(slug="power").exists()
    assert "下周停电通知" not in client.get(campus["x3"].url).content.decode()


def test_notices_can_be_added_at_every_grid_level_and_the_campus(admin_client, campus):
    floor = campus["x3"].get_children().first()
    for parent in (campus["home"], campus["xiangyuan"], campus["x3"], floor):
        assert admin_client.get(add_url(parent)).status_code == 200
    assert NoticePage.can_create_at(campus["x3"].specific)
    assert not NoticePage.can_create_at(floor.get_parent().get_parent().get_parent().get_parent())  # the root
