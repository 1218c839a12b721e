"""The admin in Chinese: Wagtail's own strings its zh_Hans catalogue leaves in English are
translated by portal/locale_overrides, and the grid's catalogues do not rename Wagtail's words."""

import json
import re

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture
def dashboard(client, admin_user, campus):
    client.force_login(admin_user)  # no language chosen: the site's, zh-hans
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_counts_and_search_box_are_in_chinese(dashboard):
    assert "搜索所有页面…" in dashboard and "Search all pages" not in dashboard
    assert re.search(r"\d+ 个页面", dashboard) and not re.search(r"\d+ Pages", dashboard)


def test_the_sidebar_calls_pages_页面(dashboard):
    props = json.loads(re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', dashboard, re.S).group(1))
    menu = json.dumps(props, ensure_ascii=False)
    assert '"页面"' in menu and "分页" not in menu


def test_overrides_win_over_wagtails_catalogue():
    with translation.override("zh-hans"):
        assert translation.gettext("Search all pages…") == "搜索所有页面…"
        assert translation.gettext("Pages") == "页面"
        assert translation.ngettext(
            '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
            210,
        ).startswith("%(total)s 个页面")
