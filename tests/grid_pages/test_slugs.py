"""Readable ASCII slugs (grid_pages/slugs.py): the rule on many titles, the admin's default for a
new grid page, and ``ascii_slugs`` re-slugging older pages behind permanent redirects."""

import io
import re
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale
from wagtail.test.utils.form_data import querydict_from_html

from grid_pages.models import BuildingPage, CommunityPage, FloorPage
from grid_pages.shortlinks import room_code
from grid_pages.slugs import MAX_LENGTH, ascii_slug, page_slug_base
from tests.factories import BuildingPageFactory, CommunityPageFactory, FloorPageFactory, RoomFactory

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@pytest.mark.parametrize(
    "title, slug",
    [
        ("东区梅园", "dongqu-meiyuan"),
        ("庠园", "xiangyuan"),
        ("庠园社区", "xiangyuan-shequ"),
        ("西区竹园", "xiqu-zhuyuan"),  # no dictionary word: characters in pairs
        ("博雅楼", "boya-lou"),
        ("重庆大学", "chongqing-daxue"),  # 重 read in context
        ("绿园", "lvyuan"),  # ü as v, ASCII
        ("東區梅園", "dongqu-meiyuan"),  # traditional characters
        ("３栋", "3-dong"),  # full-width digits
        ("学生社区A座", "xuesheng-shequ-a-zuo"),
        ("Building 3", "building-3"),
        ("Café 东区", "cafe-dongqu"),
        ("Żółć Straße", "zolc-strasse"),
        ("Дом 3", "dom-3"),
        ("🏠🏠", "house-house"),
        ("under_score", "under-score"),
        ("𠀀园", "heyuan"),  # a character outside the basic plane
    ],
)
def test_ascii_slug(title, slug):
    assert ascii_slug(title) == slug


@pytest.mark.parametrize(
    "title",
    ["！！？", "　", "", "---", "《》“”", "\x00\x01", "长" * 200, "a" * 300, "😀" * 100, "东区 " * 80, "-a-", "٣٤"],
)
def test_hostile_titles_give_a_short_clean_slug_or_nothing(title):
    slug = ascii_slug(title)
    assert slug == "" or SLUG.fullmatch(slug), slug
    assert len(slug) <= MAX_LENGTH


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, fields, slug",
    [
        (CommunityPage, {"title": "东区梅园社区", "short_name": "东区梅园"}, "dongqu-meiyuan"),
        (CommunityPage, {"title": "东区梅园社区"}, "dongqu-meiyuan-shequ"),
        (CommunityPage, {"title": "！！！", "short_name": "？"}, "community"),
        (BuildingPage, {"title": "庠园3栋", "short_number": "3"}, "3"),
        (BuildingPage, {"title": "A座", "short_number": "A"}, "a"),
        (BuildingPage, {"title": "博雅楼", "short_number": "博雅"}, "boya"),
        (BuildingPage, {"title": "🙂", "short_number": "※"}, "slight-smile"),
        (BuildingPage, {"title": "※", "short_number": "※"}, "building"),
        (FloorPage, {"title": "5层", "number": 5}, "5"),
        (FloorPage, {"title": "地下一层", "number": -1}, "b1"),
    ],
)
def test_page_slug_base_is_the_number_or_the_name_never_empty(model, fields, slug):
    assert page_slug_base(model(**fields)) == slug


# The admin: Wagtail's JavaScript fills the slug in from the title as typed (the title itself for
# Chinese); the server gives the page its ASCII slug instead.


def add_form(client, model, parent):
    url = reverse("wagtailadmin_pages:add", args=("grid_pages", model._meta.model_name, parent.pk))
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["action-publish"] = "action-publish"
    return url, data


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["东区梅园", "东区梅园 "])
def test_admin_create_gets_the_ascii_slug_for_the_generated_one(admin_client, home_page, typed):
    url, data = add_form(admin_client, CommunityPage, home_page)
    data.update({"title": "东区梅园", "slug": typed, "short_name": "东区梅园"})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = CommunityPage.objects.get(title="东区梅园")
    assert page.slug == "dongqu-meiyuan" and page.live
    assert page.live_revision.content["slug"] == "dongqu-meiyuan"
    assert admin_client.get("/dongqu-meiyuan/").status_code == 200


@pytest.mark.django_db
def test_a_page_saved_without_a_slug_gets_the_ascii_one(home_page):
    # Wagtail would make the title its slug (the admin form itself asks for one).
    page = home_page.add_child(instance=CommunityPage(title="东区梅园", short_name="东区梅园"))
    assert page.slug == "dongqu-meiyuan"
    assert home_page.add_child(instance=CommunityPage(title="东区楣园")).slug == "dongqu-meiyuan-2"


@pytest.mark.django_db
def test_a_draft_created_in_the_admin_gets_the_ascii_slug_too(admin_client, campus):
    url, data = add_form(admin_client, FloorPage, campus["x3"])
    del data["action-publish"]  # "Save draft"
    data.update({"title": "8层", "slug": "8层", "number": "8"})
    assert admin_client.post(url, data).status_code == 302
    floor = FloorPage.objects.get(title="8层")
    assert floor.slug == "8" and not floor.live and floor.latest_revision.content["slug"] == "8"


@pytest.mark.django_db
def test_admin_create_numbers_siblings_and_keeps_a_chosen_slug(admin_client, campus):
    url, data = add_form(admin_client, BuildingPage, campus["xiangyuan"])
    data.update({"title": "庠园9栋", "slug": "庠园9栋", "short_number": "9"})
    assert admin_client.post(url, data).status_code == 302
    url, data = add_form(admin_client, BuildingPage, campus["xiangyuan"])
    data.update({"title": "庠园九栋", "slug": "庠园九栋", "short_number": "9"})
    assert admin_client.post(url, data).status_code == 302
    assert {p.title: p.slug for p in BuildingPage.objects.filter(short_number="9")} == {"庠园9栋": "9", "庠园九栋": "9-2"}
    # A slug the editor typed stays, in any script.
    for title, typed in (("庠园10栋", "ten"), ("庠园11栋", "十一")):
        url, data = add_form(admin_client, BuildingPage, campus["xiangyuan"])
        data.update({"title": title, "slug": typed, "short_number": title[2:-1]})
        assert admin_client.post(url, data).status_code == 302
        assert BuildingPage.objects.get(title=title).slug == typed
    url, data = add_form(admin_client, FloorPage, campus["x3"])
    data.update({"title": "7层", "slug": "7层", "number": "7"})
    assert admin_client.post(url, data).status_code == 302
    assert FloorPage.objects.get(title="7层").slug == "7"


@pytest.mark.django_db
def test_a_published_page_and_a_translation_keep_their_slugs(admin_client, home_page):
    old = CommunityPageFactory(parent=home_page, title="东区梅园", slug="东区梅园", first_published_at=timezone.now())
    assert old.slug == "东区梅园"
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[old.pk]))
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["action-publish"] = "action-publish"
    assert admin_client.post(reverse("wagtailadmin_pages:edit", args=[old.pk]), data).status_code == 302
    old.refresh_from_db()
    assert old.slug == "东区梅园"  # its URL is out; ascii_slugs changes it, with a redirect
    new = CommunityPageFactory(parent=home_page, title="西区竹园")
    en = Locale.objects.get_or_create(language_code="en")[0]
    home_page.copy_for_translation(en).save_revision().publish()
    for page in (old, new):
        translation = page.copy_for_translation(en)
        assert translation.slug == page.slug
        translation.save_revision().publish()
        translation.refresh_from_db()
        assert translation.slug == page.slug


# ascii_slugs: older pages, redirects, short links.


@pytest.fixture
def old_grid(home_page):
    """A community, building and floor published before ASCII slugs: their titles as slugs."""
    now = timezone.now()
    community = CommunityPageFactory(
        parent=home_page, title="东区梅园", short_name="东区梅园", slug="东区梅园", first_published_at=now
    )
    building = BuildingPageFactory(parent=community, title="梅园3栋", short_number="3", slug="梅园3栋", first_published_at=now)
    floor = FloorPageFactory(parent=building, number=5, title="5层", slug="5层", first_published_at=now)
    room = RoomFactory(floor=floor, number="502")
    return community, building, floor, room


@pytest.mark.django_db
def test_ascii_slugs_reslugs_old_pages_behind_permanent_redirects(client, old_grid, django_capture_on_commit_callbacks):
    pages = old_grid[:3]
    old_urls = [page.url for page in pages]
    assert unquote(old_urls[2]) == "/东区梅园/梅园3栋/5层/"
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ascii_slugs", stdout=out)
    for page in pages:
        page.refresh_from_db()
    assert [page.slug for page in pages] == ["dongqu-meiyuan", "3", "5"]
    assert pages[2].url == "/dongqu-meiyuan/3/5/"
    assert "3 page(s) got an ASCII slug" in out.getvalue()
    for old_url, page in zip(old_urls, pages):
        response = client.get(old_url)
        assert response.status_code == 301 and response["Location"] == page.url, old_url
        assert client.get(page.url).status_code == 200
    # A redirect points at the page, not a path: it follows a later move.
    assert Redirect.objects.filter(redirect_page=pages[2], is_permanent=True).exists()
    pages[1].specific.move(CommunityPageFactory(parent=pages[0].get_parent(), slug="east"), pos="last-child")
    pages[2].refresh_from_db()
    assert client.get(old_urls[2])["Location"] == pages[2].url == "/east/3/5/"
    # The printed QR codes' short links lead to the room where it is now.
    room = old_grid[3]
    response = client.get(f"/r/{room_code(room)}/")
    assert response.status_code == 302 and response["Location"].startswith("/east/3/5/?room=502")
    # Nothing left to do the second time.
    out = io.StringIO()
    call_command("ascii_slugs", stdout=out)
    assert "0 page(s)" in out.getvalue()


@pytest.mark.django_db
def test_ascii_slugs_dry_run_and_translations(old_grid, campus):
    community = old_grid[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    campus["home"].copy_for_translation(en).save_revision().publish()
    translation = community.copy_for_translation(en)
    translation.save_revision().publish()
    out = io.StringIO()
    call_command("ascii_slugs", "--dry-run", stdout=out)
    assert "/东区梅园/ -> /dongqu-meiyuan/" in out.getvalue().replace("/portal-home", "")
    assert "3 page(s) would get" in out.getvalue()
    community.refresh_from_db()
    assert community.slug == "东区梅园" and not Redirect.objects.exists()
    call_command("ascii_slugs", stdout=io.StringIO())
    translation.refresh_from_db()
    assert translation.slug == "东区梅园"  # a translation keeps its own slug by default
    call_command("ascii_slugs", "--all-locales", stdout=io.StringIO())
    translation.refresh_from_db()
    assert translation.slug == "dongqu-meiyuan"


@pytest.mark.django_db
def test_reslug_keeps_a_draft_from_bringing_the_old_slug_back(old_grid):
    community = old_grid[0]
    community.save_revision().publish()
    community.refresh_from_db()
    community.short_name = "梅园"
    community.save_revision()  # an unpublished draft
    call_command("ascii_slugs", stdout=io.StringIO())
    community.refresh_from_db()
    community.get_latest_revision().publish()
    community.refresh_from_db()
    assert community.slug == "dongqu-meiyuan" and community.short_name == "梅园"


@pytest.mark.django_db
def test_the_sub_apps_pages_get_ascii_slugs_too(campus):
    """A notice's or an activity's title is what its shared link carries (AsciiSlugMixin)."""
    import datetime

    from django.utils import timezone

    from grid_pages.activities.models import ActivityPage
    from grid_pages.notices.models import NoticePage

    notice = campus["xiangyuan"].add_child(instance=NoticePage(title="停水通知", body="<p>明天停水</p>"))
    start = timezone.now() + datetime.timedelta(days=3)
    activity = campus["xiangyuan"].add_child(
        instance=ActivityPage(title="宿舍文化节", start=start, end=start + datetime.timedelta(hours=2), place="3栋一楼")
    )
    assert notice.slug == "tingshui-tongzhi" and activity.slug.isascii() and activity.slug.startswith("sushe")
    chosen = campus["xiangyuan"].add_child(instance=NoticePage(title="停水通知", slug="water-cut", body="<p>x</p>"))
    assert chosen.slug == "water-cut"
