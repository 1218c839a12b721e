"""Public answers (公开答复): staff publish a case's question and answer after editing out
personal data; the public lists them by matter and place, in both languages, and finds them."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from grid_pages.cases import answers, services
from grid_pages.cases.models import Case, CaseEvent, CaseKind, PublicAnswerIndexPage, PublicAnswerPage

from .queue_support import action_url, detail_url

ORIGINAL = "我是张三，3栋502的门锁坏了，电话13812345678，邮箱zs@example.cn。"


@pytest.fixture
def answers_page(campus):
    index = PublicAnswerIndexPage(title="公开答复", slug="answers")
    campus["home"].add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def resolved(campus, submit, answers_page):
    case = submit(campus["x3"], "502", matter="门窗", description=ORIGINAL, contact_name="张三", phone="13812345678")
    return services.resolve(case, None, "已为502更换门锁，如有问题请联系13900000000。")


def textarea(html, name):
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, flags=re.S)
    return match.group(1).strip() if match else None


def publish(client, case, **fields):
    data = {"publish-version": Case.objects.get(pk=case.pk).version, "publish-title": "关于门锁维修"}
    data.update({f"publish-{k}": v for k, v in fields.items()})
    return client.post(action_url(case, "publish"), data)


def test_redact_hides_phones_mail_rooms_and_names():
    text = answers.redact(ORIGINAL, ["张三"])
    for private in ("张三", "502", "13812345678", "zs@example.cn"):
        assert private not in text
    assert "门锁坏了" in text and "邮箱" in text
    assert answers.redact("3号楼 302室停水，0571-88886666", []) == "***停水，***"


def test_staff_publish_what_they_edited_and_nothing_else(client, users, resolved):
    client.force_login(users["floor_head"])
    page = client.get(detail_url(resolved)).content.decode()
    question, answer = textarea(page, "publish-question"), textarea(page, "publish-answer")
    assert "门锁坏了" in question and "已为" in answer
    for private in ("张三", "502", "13812345678", "zs@example.cn"):
        assert private not in question
    assert "13900000000" not in answer

    response = publish(client, resolved, question="宿舍门锁坏了，什么时候能修？", answer="已更换门锁。")
    assert response.status_code == 302
    answer_page = PublicAnswerPage.objects.get(case=resolved)
    assert answer_page.live and answer_page.published_by == users["floor_head"]
    public = client.get(answer_page.url).content.decode()
    assert "宿舍门锁坏了，什么时候能修？" in public and "已更换门锁。" in public
    for private in ("张三", "502", "13812345678", "13900000000", "zs@example.cn", resolved.code):
        assert private not in public
    # The student's original stays in the case; the history records what was published (internally).
    case = Case.objects.get(pk=resolved.pk)
    assert case.description == ORIGINAL
    event = case.events.get(action=CaseEvent.Action.PUBLISHED)
    assert not event.public and "已更换门锁。" in event.text
    # Publishing is no public step of the case, and carries no per-user state.
    anonymous = client.__class__().get(answer_page.url)
    assert "csrfmiddlewaretoken" not in anonymous.content.decode() and not anonymous.cookies
    assert "Cookie" not in anonymous.get("Vary", "")


def test_nothing_is_public_without_staff_and_unpublished_answers_are_gone(client, users, resolved, answers_page):
    assert not PublicAnswerPage.objects.exists()
    client.force_login(users["floor_head"])
    response = publish(client, resolved, question="门锁坏了怎么办", answer="已更换门锁。")
    assert response.status_code == 302 and "/admin/cases/queue/" in response["Location"], response["Location"]
    answer_page = PublicAnswerPage.objects.get(case=resolved)
    url = answer_page.url
    anonymous = client.__class__()
    assert anonymous.get(url).status_code == 200
    assert "门锁坏了怎么办" in anonymous.get(answers_page.url).content.decode()
    assert url in anonymous.get("/search/", {"query": "门锁"}).content.decode()

    response = client.post(action_url(resolved, "unpublish"), {"unpublish-version": Case.objects.get(pk=resolved.pk).version})
    assert response.status_code == 302
    assert anonymous.get(url).status_code == 404
    assert "门锁坏了怎么办" not in anonymous.get(answers_page.url).content.decode()
    assert url not in anonymous.get("/search/", {"query": "门锁"}).content.decode()
    assert Case.objects.get(pk=resolved.pk).events.filter(action=CaseEvent.Action.UNPUBLISHED).count() == 1

    # Published again, with new text, on the same page.
    publish(client, resolved, question="门锁问题", answer="已更换。")
    assert PublicAnswerPage.objects.filter(case=resolved).count() == 1
    assert "门锁问题" in anonymous.get(url).content.decode()


def test_a_floor_head_cannot_publish_another_floors_case(client, users, campus, submit, answers_page):
    other_floor = services.resolve(submit(campus["x3"], "402", matter="门窗", description="门坏了"), None, "修好了")
    client.force_login(users["floor_head"])  # head of floor 5
    assert publish(client, other_floor, question="门坏了", answer="修好了").status_code == 404
    with pytest.raises(PermissionDenied):
        answers.publish_answer(other_floor, users["floor_head"], title="门", question="门坏了", answer="修好了")
    assert not PublicAnswerPage.objects.exists()


def test_only_a_resolved_or_closed_case_is_published(client, users, campus, submit, answers_page):
    case = submit(campus["x3"], "502", matter="门窗", description="门坏了")
    client.force_login(users["floor_head"])
    assert 'id="case-action-publish"' not in client.get(detail_url(case)).content.decode()
    with pytest.raises(services.CaseError):
        answers.publish_answer(case, users["floor_head"], title="门", question="门坏了", answer="还没修")


def _answer(case, user, question):
    return answers.publish_answer(case, user, title=question[:20], question=question, answer="答复：" + question)


def test_the_list_filters_by_matter_and_place_in_flat_queries(client, users, campus, submit, answers_page):
    office = users["office"]
    door = services.resolve(submit(campus["x3"], "502", matter="门窗", description="x3门"), None, "好")
    water = services.resolve(submit(campus["q3"], "101", matter="水", description="q3水"), None, "好")
    _answer(door, office, "庠园三栋门窗问题")
    _answer(water, office, "沁园三栋热水问题")
    anonymous = client.__class__()
    everything = anonymous.get(answers_page.url).content.decode()
    assert "庠园三栋门窗问题" in everything and "沁园三栋热水问题" in everything
    by_matter = anonymous.get(answers_page.url, {"matter": door.category_id}).content.decode()
    assert "庠园三栋门窗问题" in by_matter and "沁园三栋热水问题" not in by_matter
    by_building = anonymous.get(answers_page.url, {"place": campus["q3"].pk}).content.decode()
    assert "沁园三栋热水问题" in by_building and "庠园三栋门窗问题" not in by_building
    by_community = anonymous.get(answers_page.url, {"place": campus["xiangyuan"].pk}).content.decode()
    assert "庠园三栋门窗问题" in by_community and "沁园三栋热水问题" not in by_community
    assert anonymous.get(answers_page.url, {"place": "x", "page": "99"}).status_code == 200

    with CaptureQueriesContext(connection) as two:
        anonymous.get(answers_page.url)
    for i in range(4):
        case = services.resolve(submit(campus["x5"], "101", matter="家具", description=f"桌子{i}"), None, "好")
        _answer(case, office, f"桌子问题{i}")
    anonymous.get(answers_page.url)  # what is read once per change (the site's live pages) is not what is pinned
    with CaptureQueriesContext(connection) as six:
        anonymous.get(answers_page.url)
    assert len(six) == len(two)


def test_english_answers_on_the_english_list(client, users, campus, submit, answers_page, matters):
    english = Locale.objects.get_or_create(language_code="en")[0]
    door = services.resolve(submit(campus["x3"], "502", matter="门窗", description="门"), None, "好")
    source = _answer(door, users["office"], "门锁问题")
    door_en = matters[(CaseKind.REPAIR, "门窗")].copy_for_translation(english)
    door_en.name = "Doors and windows"
    door_en.save()
    for page in (campus["home"], answers_page):
        page.copy_for_translation(english).save_revision().publish()
    # Translated as any page with wagtail-localize (the matter stays the default-language row).
    from wagtail_localize.models import TranslationSource

    localize_source, _ = TranslationSource.get_or_create_from_instance(source)
    translated, _ = localize_source.create_or_update_translation(english, fallback=True)
    assert translated.category_id == source.category_id and translated.case_id == door.pk
    translated.title, translated.question, translated.answer = "Door lock", "The door lock is broken.", "Replaced."
    translated.save_revision().publish()
    page = client.get(answers_page.get_translation(english).url).content.decode()
    assert "Door lock" in page and "Doors and windows" in page and "门锁问题" not in page
    assert "The door lock is broken." in client.get(translated.url).content.decode()
