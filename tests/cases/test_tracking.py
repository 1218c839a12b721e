"""The public tracking pages through HTTP: codes, privacy, the rate limit and the timeline."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from grid_pages.cases import services
from grid_pages.cases.models import CaseKind


@pytest.fixture
def case(campus, submit):
    return submit(campus["x3"], "502", matter="门窗", description="门锁坏了\n关不上", phone="13812345678",
                  email="student@example.cn", contact_name="王同学")


def page(client, case, prefix=""):
    return client.get(f"{prefix}/track/{case.code}/")


def test_form_asks_for_the_code(client, db):
    response = client.get("/track/")
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("typed", ["{dashed}", "{lower}", "  {spaced}  ", "{fullwidth}"])
def test_form_redirects_to_the_normalised_code(client, case, typed):
    code = case.code
    variants = {
        "dashed": f"{code[:4]}-{code[4:]}",
        "lower": code.lower(),
        "spaced": f"{code[:4]} {code[4:]}",
        "fullwidth": "".join(chr(ord(c) + 0xFEE0) for c in code),
    }
    response = client.get("/track/", {"code": typed.format(**variants)})
    assert response.status_code == 302
    assert response["Location"] == f"/track/{code}/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/track/ABCDEFGH/",
        "/track/not-a-code/",
        "/track/" + "X" * 300 + "/",
        "/track/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
        "/track/?code=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/track/?code=" + "9" * 500,
        "/track/?code=%00%FF",
    ],
)
def test_wrong_codes_are_a_404_page_with_the_form(client, case, url):
    response = client.get(url)
    assert response.status_code == 404
    content = response.content.decode()
    assert 'name="code"' in content
    assert "<script>alert(1)" not in content
    assert response["X-Robots-Tag"] == "noindex"


def test_code_lookups_are_rate_limited(client, case):
    with override_settings(GRID_PAGES_CASES_TRACK_RATE=(3, 600)):
        assert client.get("/track/WRONG222/").status_code == 404
        assert client.get("/track/", {"code": "garbage"}).status_code == 404
        assert page(client, case).status_code == 200
        response = page(client, case)  # the fourth lookup, even with the right code
        assert response.status_code == 429
        assert case.display_code not in response.content.decode()
        assert client.get("/track/WRONG333/").status_code == 429
        # Another client is not affected.
        assert client.get(f"/track/{case.code}/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_public_timeline_and_privacy(client, case, grid_users, campus):
    user = grid_users["floor_head"]
    case = services.accept(case, user)
    services.add_note(case, user, "内部备注：学生宿舍门锁型号特殊")
    case = services.reply(case, user, "明天上午维修师傅上门")
    response = page(client, case)
    assert response.status_code == 200
    content = response.content.decode()
    assert "明天上午维修师傅上门" in content
    assert "内部备注" not in content
    assert "13812345678" not in content and "student@example.cn" not in content and "王同学" not in content
    for assignment in campus["x3"].get_children().specific().get(slug="f5").grid_assignments.select_related("staff"):
        assert assignment.staff.name not in content
        if assignment.staff.phone:
            assert assignment.staff.phone not in content
    for handler in user.grid_staff_profiles.all():
        assert handler.name not in content and handler.phone not in content
    assert case.display_code in content and "门窗" in content
    assert "庠园3栋 5层 层长" in content
    assert "门锁坏了<br>关不上" in content
    for header, value in (
        ("Cache-Control", "private, no-store"),
        ("X-Robots-Tag", "noindex"),
        ("Referrer-Policy", "same-origin"),
    ):
        assert response[header] == value


def test_student_text_and_replies_are_escaped(client, campus, submit, grid_users):
    case = submit(campus["x3"], "502", matter="门窗", description="<script>alert('d')</script>")
    services.reply(case, grid_users["floor_head"], "<img src=x onerror=alert(1)>")
    content = page(client, case).content.decode()
    assert "<script>alert('d')" not in content and "&lt;script&gt;" in content
    assert "<img src=x" not in content and "&lt;img src=x" in content


def test_rejected_shows_the_reason(client, case, grid_users):
    services.reject(case, grid_users["building_head"], "不属于报修范围，请联系宿管")
    content = page(client, case).content.decode()
    assert "不属于报修范围，请联系宿管" in content
    assert 'aria-current="step"' in content


def test_duplicate_links_to_the_original(client, campus, submit, grid_users):
    original = submit(campus["x3"], "502", matter="门窗")
    duplicate = submit(campus["x3"], "502", matter="门窗", description="门锁又坏了")
    services.mark_duplicate(duplicate, grid_users["floor_head"], original)
    content = page(client, duplicate).content.decode()
    assert f'href="/track/{original.code}/"' in content
    assert original.display_code in content


def test_referral_shows_the_new_level(client, case):
    services.escalate(case, None, "")
    content = client.get(f"/en/track/{case.code}/").content.decode()
    assert "Referred to the building level" in content
    assert "Building head" in content


def test_english_page(client, case):
    response = page(client, case, prefix="/en")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'lang="en"' in content
    assert "Progress so far" in content and "Handled by" in content and "Floor head" in content
    assert client.get("/en/track/WRONG222/").status_code == 404


def test_overdue_is_marked(client, case):
    from datetime import timedelta

    from django.utils import timezone

    from grid_pages.cases.models import Case

    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assert "Overdue" in page(client, case, prefix="/en").content.decode()


def test_anonymous_suggestion_page(client, campus, submit):
    case = submit(campus["x3"], None, kind=CaseKind.SUGGESTION, matter="学习", anonymous=True,
                  description="希望延长自习室开放时间")
    content = page(client, case).content.decode()
    assert "希望延长自习室开放时间" in content and "庠园社区 社区长" in content


def test_query_count_does_not_grow_with_the_timeline(client, case, grid_users):
    user = grid_users["floor_head"]
    services.reply(case, user, "回复一")
    page(client, case)  # warm up (locale, site caches)
    with CaptureQueriesContext(connection) as few:
        assert page(client, case).status_code == 200
    for i in range(8):
        services.reply(case, user, f"回复{i}")
        services.add_note(case, user, f"备注{i}")
    with CaptureQueriesContext(connection) as many:
        assert page(client, case).status_code == 200
    assert len(many) == len(few)
    # About ten of them are the rate limit counting in the database cache (one or two on Redis).
    assert len(few) <= 18


def test_english_page_names_the_place_from_the_english_grid(client, case, campus):
    from wagtail.models import Locale, Page

    english = Locale.objects.get_or_create(language_code="en")[0]
    for page_id, title in ((case.community_id, "Xiangyuan"), (case.building_id, "Block 3"), (case.floor_id, "Level 5")):
        copy = Page.objects.get(pk=page_id).specific.copy_for_translation(english, copy_parents=True)
        copy.title = title
        copy.save_revision().publish()
    content = page(client, case, prefix="/en").content.decode()
    assert "Xiangyuan, Block 3, Level 5, Room 502" in content
    assert "庠园社区 庠园3栋 5层 502" in page(client, case).content.decode()

    # The thank-you page after sending says it the same way.
    from urllib.parse import quote

    from grid_pages.cases.intake import _signer
    from grid_pages.cases.models import RepairRequestPage

    repair = campus["home"].add_child(instance=RepairRequestPage(title="报修", slug="repair"))
    repair.save_revision().publish()
    english_repair = repair.copy_for_translation(english, copy_parents=True)
    english_repair.save_revision().publish()
    landing = client.get(f"{english_repair.url}?done={quote(_signer().sign(case.code))}")
    assert "Xiangyuan, Block 3, Level 5, Room 502" in landing.content.decode()
    # Switching language keeps the code on screen (the query goes along).
    assert f'href="{repair.url}?done=' in landing.content.decode()


def test_the_students_photos_are_counted_never_shown(client, case):
    """The code is the only key to the page: whoever holds it must not see inside the room."""
    from grid_pages.cases.models import CasePhoto

    CasePhoto.objects.create(case=case, image="cases/2026/01/0f1e2d3c.jpg", sort_order=0)
    CasePhoto.objects.create(case=case, image="cases/2026/01/4b5a6978.jpg", sort_order=1)
    html = page(client, case).content.decode()
    assert "您上传了 2 张照片，仅办理人员可见。" in html
    assert "0f1e2d3c" not in html and "4b5a6978" not in html and "<img" not in html.split("<main", 1)[-1]
