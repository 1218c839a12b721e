"""Intake pages (报修, 意见箱) through HTTP: the form, the room finder, photos, abuse guards."""

import io
import re
import threading
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from PIL import Image
from wagtail.models import Locale

from grid_pages.cases.models import (
    Case,
    CaseCategory,
    CaseEvent,
    CaseFormField,
    CaseKind,
    CasePhoto,
    RepairRequestPage,
    SuggestionBoxPage,
)
from tests.cases.conftest import room_of

REPAIR = CaseKind.REPAIR
SUGGESTION = CaseKind.SUGGESTION


@pytest.fixture
def repair_page(campus):
    page = campus["home"].add_child(instance=RepairRequestPage(title="报修", slug="repair", thank_you_text="<p>谢谢</p>"))
    page.save_revision().publish()
    return page


@pytest.fixture
def suggestion_page(campus):
    page = campus["home"].add_child(instance=SuggestionBoxPage(title="意见箱", slug="suggest"))
    page.save_revision().publish()
    return page


def repair_data(matters, **fields):
    data = {
        "category": matters[(REPAIR, "水")].pk,
        "room": "庠园3栋502",
        "description": "宿舍水龙头漏水",
        "contact_name": "",
        "phone": "",
        "email": "",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(fields)
    return data


def suggestion_data(matters, **fields):
    data = repair_data(matters, category=matters[(SUGGESTION, "生活")].pk, room="庠园3栋", description="希望延长自习室开放时间")
    data.update(fields)
    return data


def image_file(name="photo.jpg", fmt="JPEG", size=(800, 600), exif=None, color=(200, 80, 40)):
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, color).save(buffer, fmt, **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    gps = {1: "N", 2: (31.0, 18.0, 0.0), 3: "E", 4: (120.0, 37.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    return exif


def landing(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "?done=" in response["Location"]
    return client.get(response["Location"])


def text(response):
    return response.content.decode()


def zh(msgid, **values):
    """A message as the Chinese (default-language) page shows it."""
    from django.utils.html import escape
    from django.utils.translation import gettext, override

    with override("zh-hans"):
        message = gettext(msgid)
    return escape(message % values if values else message)


# The form ------------------------------------------------------------------------------


def test_get_renders_the_form_with_the_kinds_matters_only(client, repair_page, suggestion_page, matters):
    response = client.get(repair_page.url)
    assert response.status_code == 200
    html = text(response)
    assert 'enctype="multipart/form-data"' in html
    assert 'accept="image/*"' in html
    assert "csrfmiddlewaretoken" in html
    assert re.search(r'name="submission_token" value="[0-9a-f-]{36}"', html)
    for name in ("水", "电", "门窗", "空调"):
        assert f"> {name}</label>" in html
    assert "学习" not in html and "后勤" not in html
    assert 'name="anonymous"' not in html  # repairs are never anonymous
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "grid_cases/intake.js" in html and "grid_cases/intake.css" in html

    html = text(client.get(suggestion_page.url))
    assert "> 学习</label>" in html and "> 水</label>" not in html
    assert 'name="anonymous"' in html


def test_each_get_gives_a_new_token(client, repair_page, matters):
    tokens = {re.search(r'name="submission_token" value="([^"]+)"', text(client.get(repair_page.url)))[1] for _ in range(2)}
    assert len(tokens) == 2


def test_get_query_count_is_flat(client, repair_page, matters, django_assert_max_num_queries):
    CaseFormField.objects.create(page=repair_page, label="方便上门的时间", field_type="singleline", required=False)
    client.get(repair_page.url)  # warm per-process caches (content types, site root paths)
    counts = []
    for extra in (0, 12):
        for i in range(extra):
            CaseCategory.objects.create(kind=REPAIR, name=f"事项{len(counts)}-{i}", locale=Locale.get_default())
        client.get(repair_page.url)  # what is read once per change (the site's live pages) is not what is pinned
        with django_assert_max_num_queries(16) as captured:
            response = client.get(repair_page.url)
        assert response.status_code == 200
        assert "方便上门的时间" in text(response)
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert "事项1-11" in text(response)


def test_category_labels_in_the_active_language(client, campus, matters):
    """On /en/ the matters show their English translation; cases still point to the default-locale row."""
    en = Locale.objects.get_or_create(language_code="en")[0]
    water = matters[(REPAIR, "水")]
    english_water = water.copy_for_translation(en)
    english_water.name = "Water"
    english_water.save()
    page = campus["home"].add_child(instance=RepairRequestPage(title="报修", slug="repair"))
    page.save_revision().publish()
    en_page = page.copy_for_translation(en, copy_parents=True)
    en_page.title = "Repairs"
    en_page.save_revision().publish()

    response = client.get("/en/repair/")
    assert response.status_code == 200
    html = text(response)
    assert '<html lang="en">' in html
    assert "> Water</label>" in html and "> 电</label>" in html
    assert f'value="{water.pk}"' in html

    # The grid is not translated: the room is found in the default locale.
    response = client.post("/en/repair/", repair_data(matters))
    assert response.status_code == 302 and response["Location"].startswith("/en/repair/?done=")
    case = Case.objects.get()
    assert case.language == "en"
    assert case.category == water
    assert case.room == room_of(campus["x3"], "502")
    assert case.source_page_id == en_page.pk
    assert "Water" in text(client.get(response["Location"]))


# Sending a case --------------------------------------------------------------------------


def test_valid_repair_becomes_one_routed_case(client, repair_page, campus, matters):
    data = repair_data(matters, contact_name="小王", phone="138 0000 0000", email="wang@example.edu.cn")
    response = client.post(repair_page.url, data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.kind == REPAIR
    assert case.category == matters[(REPAIR, "水")]
    assert case.room == room_of(campus["x3"], "502")
    assert case.building_id == campus["x3"].pk and case.community_id == campus["xiangyuan"].pk
    assert case.description == case.original_description == "宿舍水龙头漏水"
    assert (case.contact_name, case.phone, case.email) == ("小王", "138 0000 0000", "wang@example.edu.cn")
    assert case.language == "zh-hans"
    assert case.source_page_id == repair_page.pk
    assert str(case.submission_token) == data["submission_token"]
    assert list(case.events.values_list("action", flat=True)) == [CaseEvent.Action.SUBMITTED]

    page = landing(client, response)
    html = text(page)
    assert page.status_code == 200
    assert case.display_code in html
    assert f'href="/track/{case.code}/"' in html
    assert "谢谢" in html
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    # A refresh of the landing shows the code again and makes nothing new.
    assert case.display_code in text(client.get(response["Location"]))
    assert Case.objects.count() == 1


def test_building_picked_from_the_list_with_a_room_number(client, repair_page, campus, matters):
    data = repair_data(matters, room="502", building=str(campus["x3"].pk))
    assert client.post(repair_page.url, data).status_code == 302
    assert Case.objects.get().room == room_of(campus["x3"], "502")


def test_ambiguous_room_lists_candidates_then_the_pick_is_used(client, repair_page, campus, matters):
    data = repair_data(matters, room="3栋102")
    response = client.post(repair_page.url, data)
    assert response.status_code == 200
    assert not Case.objects.exists()
    html = text(response)
    x3_102, q3_102 = room_of(campus["x3"], "102"), room_of(campus["q3"], "102")
    assert f'name="place" value="room:{x3_102.pk}"' in html
    assert f'name="place" value="room:{q3_102.pk}"' in html
    assert "沁园社区 · 沁园3栋 · 1层 · 102" in html
    assert "宿舍水龙头漏水" in html  # what was typed is kept

    response = client.post(repair_page.url, {**data, "place": f"room:{q3_102.pk}"})
    assert response.status_code == 302
    assert Case.objects.get().room == q3_102


def test_a_pick_that_does_not_match_the_text_is_ignored(client, repair_page, campus, matters):
    other = room_of(campus["x5"], "101")
    response = client.post(repair_page.url, repair_data(matters, place=f"room:{other.pk}"))
    assert response.status_code == 302
    assert Case.objects.get().room == room_of(campus["x3"], "502")


@pytest.mark.parametrize("room", ["庠园3栋909", "庠园9栋502", "没有这个地方", "", "3栋"])
def test_unknown_or_missing_room_is_a_form_error(client, repair_page, matters, room):
    response = client.post(repair_page.url, repair_data(matters, room=room))
    assert response.status_code == 200
    assert 'class="intake-error"' in text(response)
    assert "宿舍水龙头漏水" in text(response)
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()


def test_an_unknown_room_is_echoed_as_typed(client, repair_page, matters):
    """Not "99 9999" nor the room alone: the student reads back what they wrote."""
    response = client.post(repair_page.url, repair_data(matters, room="99栋9999"))
    assert response.status_code == 200 and not Case.objects.exists()
    assert "没有找到与“99栋9999”匹配的寝室" in text(response)
    assert "99 9999" not in text(response)


def test_suggestion_needs_a_building_only(client, suggestion_page, campus, matters):
    response = client.post(suggestion_page.url, suggestion_data(matters))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.kind == SUGGESTION and case.room is None and case.building_id == campus["x3"].pk


def test_suggestion_with_an_ambiguous_building_offers_both(client, suggestion_page, campus, matters):
    response = client.post(suggestion_page.url, suggestion_data(matters, room="3栋"))
    assert response.status_code == 200
    html = text(response)
    assert f'value="building:{campus["x3"].pk}"' in html and f'value="building:{campus["q3"].pk}"' in html
    response = client.post(suggestion_page.url, suggestion_data(matters, room="3栋", place=f"building:{campus['q3'].pk}"))
    assert response.status_code == 302
    assert Case.objects.get().building_id == campus["q3"].pk


def test_anonymous_suggestion_drops_contact(client, suggestion_page, matters):
    data = suggestion_data(matters, anonymous="on", contact_name="小李", phone="13900000000", email="li@example.edu.cn")
    response = client.post(suggestion_page.url, data)
    case = Case.objects.get()
    assert case.anonymous
    assert (case.contact_name, case.phone, case.email) == ("", "", "")
    html = text(landing(client, response))
    assert "小李" not in html and "13900000000" not in html


def test_repair_cannot_be_anonymous(client, repair_page, matters):
    client.post(repair_page.url, repair_data(matters, anonymous="on", contact_name="小王"))
    case = Case.objects.get()
    assert not case.anonymous and case.contact_name == "小王"


def test_matter_of_the_other_kind_is_refused(client, repair_page, matters):
    response = client.post(repair_page.url, repair_data(matters, category=matters[(SUGGESTION, "学习")].pk))
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_extra_question_answer_lands_in_extra_answers(client, repair_page, matters):
    CaseFormField.objects.create(page=repair_page, label="方便上门的时间", field_type="singleline", required=True)
    CaseFormField.objects.create(
        page=repair_page, label="description", field_type="multiline", required=False
    )  # a label that clashes with a structured field
    html = text(client.get(repair_page.url))
    assert "方便上门的时间" in html

    response = client.post(repair_page.url, repair_data(matters))
    assert response.status_code == 200  # the required extra question
    assert not Case.objects.exists()

    fields = {f.label: f.clean_name for f in repair_page.case_form_fields.all()}
    data = repair_data(matters, **{
        "q_" + fields["方便上门的时间"]: "周三下午",
        "q_" + fields["description"]: "另一段说明",
    })
    response = client.post(repair_page.url, data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.extra_answers == {"方便上门的时间": "周三下午", "description": "另一段说明"}
    assert case.description == "宿舍水龙头漏水"
    assert "周三下午" in text(client.get(response["Location"]))


# Photos ----------------------------------------------------------------------------------


def test_photo_is_reencoded_without_exif(client, repair_page, matters):
    photo = image_file(size=(4000, 3000), exif=gps_exif())
    with Image.open(io.BytesIO(photo.read())) as original:
        assert original.getexif().get_ifd(0x8825)  # the upload does carry a location
    photo.seek(0)
    png = image_file("screen.png", fmt="PNG", size=(300, 200))
    response = client.post(repair_page.url, {**repair_data(matters), "photos": [photo, png]})
    assert response.status_code == 302
    photos = list(CasePhoto.objects.order_by("sort_order"))
    assert len(photos) == 2
    first = photos[0]
    # Orientation 6 applied (portrait), longest side bounded to PHOTO_MAX_SIDE.
    assert (first.width, first.height) == (1920, 2560)
    with first.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (1920, 2560)
        assert not image.getexif()
        assert "exif" not in image.info
    assert first.image.name.endswith(".jpg") and "photo" not in first.image.name.rsplit("/", 1)[-1]
    assert first.size == first.image.size
    with photos[1].image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (300, 200)


def test_an_iphone_heic_photo_is_stored_as_jpeg_without_its_location(client, repair_page, matters):
    photo = image_file("IMG_0001.HEIC", fmt="HEIF", size=(1200, 900), exif=gps_exif())
    with Image.open(io.BytesIO(photo.read())) as original:
        assert original.format == "HEIF" and original.getexif().get_ifd(0x8825)
    photo.seek(0)
    response = client.post(repair_page.url, {**repair_data(matters), "photos": [photo]})
    assert response.status_code == 302
    stored_photo = CasePhoto.objects.get()
    with stored_photo.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_text_file_named_jpg_is_refused_and_text_kept(client, repair_page, matters):
    fake = SimpleUploadedFile("leak.jpg", b"not an image at all\n" * 50, content_type="image/jpeg")
    response = client.post(repair_page.url, {**repair_data(matters, description="门锁坏了，打不开"), "photos": [fake]})
    assert response.status_code == 200
    html = text(response)
    assert "leak.jpg" in html and zh("Choose the photo again (the browser cannot keep it).") in html
    assert "门锁坏了，打不开" in html
    assert 'value="庠园3栋502"' in html
    assert not Case.objects.exists() and not CasePhoto.objects.exists()


def test_truncated_image_is_refused(client, repair_page, matters):
    broken = image_file()
    broken = SimpleUploadedFile("broken.jpg", broken.read()[:400], content_type="image/jpeg")
    response = client.post(repair_page.url, {**repair_data(matters), "photos": [broken]})
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_photo_over_the_size_limit_is_refused(client, repair_page, matters, settings):
    settings.GRID_PAGES_CASES_MAX_PHOTO_BYTES = 5 * 1024 * 1024
    big = SimpleUploadedFile("big.jpg", image_file().read() + b"\0" * (5 * 1024 * 1024), content_type="image/jpeg")
    response = client.post(repair_page.url, {**repair_data(matters), "photos": [big]})
    assert response.status_code == 200
    assert "5 MB" in text(response) and "宿舍水龙头漏水" in text(response)
    assert not Case.objects.exists()


def test_pixel_bomb_is_refused(client, repair_page, matters, settings):
    settings.GRID_PAGES_CASES_MAX_PHOTO_PIXELS = 1000 * 1000
    response = client.post(repair_page.url, {**repair_data(matters), "photos": [image_file("big.png", "PNG", (1200, 1000))]})
    assert response.status_code == 200
    assert zh("“%(name)s” has too many pixels. Send a smaller photo.", name="big.png").split("big.png")[1] in text(response)
    assert not Case.objects.exists()


def test_more_than_three_photos_is_refused(client, repair_page, matters):
    photos = [image_file(f"p{i}.jpg", size=(50, 50)) for i in range(4)]
    response = client.post(repair_page.url, {**repair_data(matters), "photos": photos})
    assert response.status_code == 200
    assert zh("Send at most %(n)d photos.", n=3) in text(response)
    assert not Case.objects.exists() and not CasePhoto.objects.exists()


def test_oversized_request_is_refused(client, repair_page, matters, settings):
    settings.GRID_PAGES_CASES_MAX_PHOTO_BYTES = 10_000
    blob = SimpleUploadedFile("a.jpg", b"\0" * 2_000_000, content_type="image/jpeg")
    response = client.post(repair_page.url, {**repair_data(matters), "photos": [blob]})
    assert response.status_code == 413
    assert not Case.objects.exists()


# Abuse -----------------------------------------------------------------------------------

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_xss_is_stored_verbatim_and_escaped(client, suggestion_page, matters):
    CaseFormField.objects.create(page=suggestion_page, label="补充", field_type="multiline", required=False)
    field = suggestion_page.case_form_fields.get()
    data = suggestion_data(
        matters, description=XSS, contact_name=XSS[:40], email="a@example.edu.cn", **{"q_" + field.clean_name: XSS}
    )
    response = client.post(suggestion_page.url, data)
    case = Case.objects.get()
    assert case.description == XSS and case.contact_name == XSS[:40]
    assert case.extra_answers == {"补充": XSS}
    html = text(landing(client, response))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_xss_in_a_refused_form_is_escaped(client, repair_page, matters):
    response = client.post(repair_page.url, repair_data(matters, room=XSS, description=XSS))
    assert response.status_code == 200
    assert "<script>alert" not in text(response)


@pytest.mark.parametrize(
    "field, value",
    [
        ("description", "长" * 2001),
        ("contact_name", "名" * 41),
        ("phone", "1" * 31),
        ("email", "a" * 250 + "@example.edu.cn"),
        ("room", "3" * 101),
        ("submission_token", "x" * 65),
        ("phone", "call me maybe"),
    ],
)
def test_overlong_or_bad_fields_are_refused(client, repair_page, matters, field, value):
    response = client.post(repair_page.url, repair_data(matters, **{field: value}))
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_missing_csrf_token_is_refused(repair_page, matters):
    client = Client(enforce_csrf_checks=True)
    client.get(repair_page.url)
    response = client.post(repair_page.url, repair_data(matters))
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_with_csrf_token_it_works(repair_page, matters):
    client = Client(enforce_csrf_checks=True)
    html = text(client.get(repair_page.url))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    response = client.post(repair_page.url, {**repair_data(matters), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Case.objects.count() == 1


def test_honeypot_thanks_without_a_case(client, repair_page, matters):
    response = client.post(repair_page.url, repair_data(matters, leave_empty="http://spam.example"))
    html = text(landing(client, response))
    assert zh("Thank you, your report was sent") in html and "谢谢" in html  # the page's usual thank-you
    assert 'class="intake-code"' not in html
    assert not Case.objects.exists()


def test_same_token_twice_gives_one_case(client, repair_page, matters):
    data = repair_data(matters)
    first = client.post(repair_page.url, data)
    second = client.post(repair_page.url, data)
    assert first.status_code == second.status_code == 302
    assert Case.objects.count() == 1
    code = Case.objects.get().display_code
    assert code in text(client.get(second["Location"]))


def test_rate_limit_keeps_the_text(client, repair_page, matters, settings):
    settings.GRID_PAGES_CASES_SUBMIT_RATE = (2, 600)
    for _ in range(2):
        assert client.post(repair_page.url, repair_data(matters)).status_code == 302
    response = client.post(repair_page.url, repair_data(matters, description="第三次报修的内容"))
    assert response.status_code == 429
    assert "第三次报修的内容" in text(response)
    assert 'role="alert"' in text(response)
    assert Case.objects.count() == 2
    # Another client is not affected.
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post(repair_page.url, repair_data(matters)).status_code == 302


def test_rate_limit_does_not_count_a_resent_token(client, repair_page, matters, settings):
    settings.GRID_PAGES_CASES_SUBMIT_RATE = (1, 600)
    data = repair_data(matters)
    assert client.post(repair_page.url, data).status_code == 302
    assert client.post(repair_page.url, data).status_code == 302  # the double click lands on the same case
    assert Case.objects.count() == 1


def test_forged_landing_link_shows_nothing(client, repair_page, submit, campus):
    case = submit(campus["x3"], "502", contact_name="小王")
    response = client.get(f"{repair_page.url}?done={case.code}")
    assert response.status_code == 200
    assert "小王" not in text(response) and case.display_code not in text(response)


# Many at once ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_lose_nothing(campus, matters, settings, shared_database):
    settings.GRID_PAGES_CASES_SUBMIT_RATE = (100, 600)
    page = campus["home"].add_child(instance=RepairRequestPage(title="报修", slug="repair"))
    page.save_revision().publish()
    url = page.url
    threads_count = 8
    datas = [repair_data(matters, description=f"第{i}号报修") for i in range(threads_count)]
    datas.append(dict(datas[0]))  # the first one double-clicked
    barrier = threading.Barrier(len(datas))
    results = [None] * len(datas)

    def worker(i):
        try:
            client = Client(REMOTE_ADDR=f"10.0.1.{i}")
            barrier.wait()
            results[i] = client.post(url, datas[i]).status_code
        except Exception as error:  # noqa: BLE001 - the assertion shows what each thread got
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(datas))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert results == [302] * len(datas), results
    assert Case.objects.count() == threads_count
    assert sorted(Case.objects.values_list("description", flat=True)) == sorted(d["description"] for d in datas[:-1])
    assert CaseEvent.objects.count() == threads_count


def test_intake_pages_are_not_listed_under_wagtails_forms(client, repair_page, suggestion_page, users):
    # Their submissions are cases, in the queue; an empty submissions list would look like loss.
    client.force_login(users["admin"])
    forms = client.get("/admin/forms/")
    assert forms.status_code == 200
    assert repair_page.title not in forms.content.decode() and "/admin/forms/submissions/" not in forms.content.decode()
    assert client.get(f"/admin/forms/submissions/{repair_page.pk}/").status_code in (302, 403)
    assert "/admin/cases/queue/" in client.get("/admin/").content.decode()


def test_a_typed_building_that_disagrees_with_the_list_is_a_question(client, repair_page, campus, matters):
    # 3栋502 typed while 庠园5栋 is still chosen in the list: never filed silently to either.
    data = repair_data(matters, room="庠园3栋502", building=str(campus["x5"].pk))
    response = client.post(repair_page.url, data)
    assert response.status_code == 200 and not Case.objects.exists()
    message = "The building you typed is not the one chosen in the list. Type only the room number, or choose the right building."
    assert zh(message) in text(response)
    # The same building typed and chosen is fine; so is a room the list's building disambiguates.
    data = repair_data(matters, room="庠园3栋502", building=str(campus["x3"].pk))
    assert client.post(repair_page.url, data).status_code == 302
    assert Case.objects.get().room == room_of(campus["x3"], "502")
    data = repair_data(matters, room="3栋102", building=str(campus["q3"].pk))
    assert client.post(repair_page.url, data).status_code == 302
    assert Case.objects.order_by("pk").last().room == room_of(campus["q3"], "102")


def test_text_is_counted_as_the_browser_counts_it(client, repair_page, matters):
    # A browser's maxlength counts a line break once but sends it as CRLF: exactly 2,000
    # characters with ten line breaks arrive as 2,010 and must still be accepted.
    description = "\r\n".join(["漏" * 198] * 10) + "\r\n" + "水" * 10
    assert len(description) == 2010 and len(description.replace("\r\n", "\n")) == 2000
    response = client.post(repair_page.url, repair_data(matters, description=description))
    assert response.status_code == 302
    case = Case.objects.get()
    assert "\r" not in case.description and case.description.count("\n") == 10
    assert len(case.description) == 2000
    # One more character is over the limit.
    response = client.post(repair_page.url, repair_data(matters, description=description + "水"))
    assert response.status_code == 200 and Case.objects.count() == 1


def test_nul_characters_are_dropped_and_full_width_phone_digits_accepted(client, repair_page, matters):
    data = repair_data(matters, description="门\x00锁坏了", contact_name="小\x00王", phone="１３８ ０００ ００００")
    response = client.post(repair_page.url, data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.description, case.contact_name, case.phone) == ("门锁坏了", "小王", "138 000 0000")


@pytest.mark.parametrize(
    "page_fixture, room, building_key, msgid, values",
    [
        ("repair_page", "5022", "x3", "Nothing matches “%(query)s”. Check the building and room number, e.g. 3栋502.", {"query": "5022"}),
        ("suggestion_page", "没有这个楼", None, "That building was not found. Check its name, e.g. 庠园3栋.", {}),
    ],
)
def test_a_place_not_found_with_nothing_to_choose_says_so(request, client, campus, matters, page_fixture, room, building_key, msgid, values):
    page = request.getfixturevalue(page_fixture)
    data = (repair_data if page_fixture == "repair_page" else suggestion_data)(matters, room=room)
    if building_key:
        data["building"] = str(campus[building_key].pk)
    response = client.post(page.url, data)
    assert response.status_code == 200 and not Case.objects.exists()
    html = text(response)
    assert 'name="place"' not in html  # no candidates below
    assert zh(msgid, **values) in html
