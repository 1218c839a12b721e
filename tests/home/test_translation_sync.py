"""The English tree follows the Chinese one (wagtail-localize's locale synchronization):
pages created, moved and deleted in Chinese appear, move and go in English, shown in Chinese
with a "not translated yet" notice until a translator translates them."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation as django_translation
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail_localize.models import LocaleSynchronization

from grid_pages.notices.models import NoticePage
from home import translation
from tests.notices.factories import NoticePageFactory
from tests.pagecache.conftest import STATUS, page_cache_on  # noqa: F401

pytestmark = pytest.mark.django_db

NOTICE = "Not translated yet: this page is shown in Chinese until it is translated."


@pytest.fixture(autouse=True)
def default_language_after():
    yield
    django_translation.deactivate()


@pytest.fixture
def synced(campus):
    en = Locale.objects.get_or_create(language_code="en")[0]
    assert translation.ensure_synchronization() == 1
    return {**campus, "en": en}


def english(page, en):
    return Page.objects.get(translation_key=page.translation_key, locale=en)


def add_notice(admin_client, parent, slug, title):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "body": rich_text("<p>周三下午三点全楼消防演练。</p>"),
            "notice_attachments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=("grid_notices", "noticepage", parent.pk))
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return NoticePage.objects.get(slug=slug, locale__language_code="zh-hans")


def test_the_setting_mirrors_the_whole_existing_tree(synced):
    chinese = Page.objects.filter(locale=Locale.get_default(), depth__gt=1)
    english_keys = set(Page.objects.filter(locale=synced["en"]).values_list("translation_key", flat=True))
    assert chinese.count() > 10
    assert set(chinese.values_list("translation_key", flat=True)) == english_keys
    x3 = english(synced["x3"], synced["en"])
    # Same slug, same place, same rooms; an alias until it is translated.
    assert x3.slug == "b3" and x3.alias_of_id == synced["x3"].pk
    assert english(synced["xiangyuan"], synced["en"]).pk == x3.get_parent().pk
    assert translation.ensure_synchronization() == 0  # once


def test_a_page_created_in_chinese_appears_in_english_at_once(admin_client, client, synced, page_cache_on):  # noqa: F811
    en_home = english(synced["home"], synced["en"])
    with django_translation.override("en"):
        client.get(en_home.url)
        before = client.get(en_home.url)
    assert before.headers[STATUS] == "hit" and "消防演练通知" not in before.content.decode()

    notice = add_notice(admin_client, synced["home"], "fire-drill", "消防演练通知")

    alias = english(notice, synced["en"])
    assert alias.alias_of_id == notice.pk and alias.live and alias.slug == "fire-drill"
    assert alias.get_parent().pk == en_home.pk
    with django_translation.override("en"):
        # The page cache dropped its copy: the next request shows the new notice.
        after = client.get(en_home.url).content.decode()
        page = client.get(alias.url)
    assert "消防演练通知" in after
    html = page.content.decode()
    assert page.status_code == 200 and NOTICE in html and '<div lang="zh-Hans">' in html
    assert "周三下午三点全楼消防演练" in html


def test_a_page_moved_in_chinese_moves_in_english(admin_client, synced):
    notice = add_notice(admin_client, synced["xiangyuan"], "water", "停水通知")
    url = reverse("wagtailadmin_pages:move_confirm", args=(notice.pk, synced["x3"].pk))
    assert admin_client.post(url).status_code == 302
    alias = english(notice, synced["en"])
    assert alias.get_parent().pk == english(synced["x3"], synced["en"]).pk
    assert alias.url.startswith("/en/") and "/b3/water/" in alias.url


def test_a_page_deleted_in_chinese_goes_in_english(admin_client, synced):
    notice = add_notice(admin_client, synced["xiangyuan"], "water", "停水通知")
    key = notice.translation_key
    assert admin_client.post(reverse("wagtailadmin_pages:delete", args=(notice.pk,))).status_code == 302
    assert not Page.objects.filter(translation_key=key).exists()


def test_pages_made_by_code_get_their_aliases_after_migrate_and_bulk_writes(synced):
    notice = NoticePageFactory(parent=synced["x3"], title="门禁升级", slug="door")
    assert not Page.objects.filter(translation_key=notice.translation_key, locale=synced["en"]).exists()
    call_command("migrate", verbosity=0)  # an existing site's deploy
    assert english(notice, synced["en"]).alias_of_id == notice.pk

    from grid_pages.signals import content_changed

    other = NoticePageFactory(parent=synced["x3"], title="停电通知", slug="power")
    content_changed.send(sender=NoticePage)
    assert english(other, synced["en"]).alias_of_id == other.pk


def test_translating_an_alias_makes_it_a_translation_without_the_notice(client, synced):
    from wagtail_localize.models import StringSegment, Translation, TranslationSource
    from wagtail_localize.strings import StringValue

    from home.demo_campus import store_string_translations

    en_community = english(synced["xiangyuan"], synced["en"])
    assert en_community.alias_of_id
    source, _ = TranslationSource.update_or_create_from_instance(synced["xiangyuan"].specific)
    texts = [StringValue(s.string.data).render_text() for s in StringSegment.objects.filter(source=source)]
    glossary = {text: "Xiangyuan Community" if text == "庠园社区" else text if text.isascii() else f"EN {text}" for text in texts}
    store_string_translations(source, synced["en"], glossary)
    Translation.objects.create(source=source, target_locale=synced["en"]).save_target(publish=False)
    translated = Page.objects.get(pk=en_community.pk)
    translated.get_latest_revision().publish()
    translated.refresh_from_db()
    assert translated.alias_of_id is None and translated.title == "Xiangyuan Community"
    assert translated not in translation.untranslated_pages()
    with django_translation.override("en"):
        html = client.get(translated.url).content.decode()
    assert "Xiangyuan Community" in html and NOTICE not in html


def test_chinese_pages_never_carry_the_notice(client, synced):
    html = client.get(synced["x3"].url).content.decode()
    assert "尚未翻译" not in html and 'lang="zh-Hans"' not in html


def test_the_language_switch_lands_on_the_same_page(client, synced):
    floor = synced["x3"].get_children().get(slug="f2")
    html = client.get(floor.url).content.decode()
    assert f'href="{english(floor, synced["en"]).url}"' in html


def test_translators_see_what_is_missing(admin_client, synced):
    response = admin_client.get(reverse("untranslated_pages"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "庠园3栋" in html
    assert admin_client.get(reverse("untranslated_pages_results") + f"?locale={synced['en'].pk}").status_code == 200
    LocaleSynchronization.objects.all().delete()
    Page.objects.filter(locale=synced["en"]).exclude(alias_of__isnull=True).update(alias_of=None)
    assert "所有页面都已翻译。" in admin_client.get(reverse("untranslated_pages")).content.decode()  # a Chinese admin


def test_translators_report_is_for_editors_only(client, django_user_model, synced):
    user = django_user_model.objects.create_user("student", password="pw")
    client.force_login(user)
    response = client.get(reverse("untranslated_pages"))
    assert response.status_code in (302, 403)
