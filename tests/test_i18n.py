"""The interface is Chinese first and English under /en/, from complete catalogues."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    [
        *ROOT.glob("*/locale/*/LC_MESSAGES/django.po"),
        *ROOT.glob("grid_pages/*/locale/*/LC_MESSAGES/django.po"),
        *ROOT.glob("portal/locale_overrides/*/LC_MESSAGES/django.po"),  # Wagtail's msgids, by hand
    ]
)


def test_catalogues_exist_for_both_languages():
    languages = {p.parts[-3] for p in CATALOGUES}
    assert {"zh_Hans", "en"} <= languages
    apps = {p.parts[-5] for p in CATALOGUES}  # the folder holding locale/
    assert {"grid_pages", "portal"} <= apps


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run make messages"
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in polib.mofile(str(mo_path))}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"{entry.msgid!r} is not compiled into {mo_path}: run make messages"
        assert compiled[key] == (entry.msgstr, tuple(sorted(entry.msgstr_plural.items()))), (
            f"{entry.msgid!r} differs between {po_path.name} and its .mo: run make messages"
        )


@pytest.mark.django_db
def test_chinese_is_default_and_english_lives_under_en(client, home_page):
    chinese = client.get("/grid/find/?q=")
    english = client.get("/en/grid/find/?q=")
    assert chinese.status_code == english.status_code == 200
    assert '<html lang="zh-hans">' in chinese.content.decode()
    assert "有事就找网格员" in chinese.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert "Find my grid member" in english.content.decode()
    # The language switch offers the other language on every page, with the query.
    assert 'href="/en/grid/find/?q="' in chinese.content.decode()
    assert 'href="/grid/find/?q="' in english.content.decode()
    assert 'href="/en/grid/find/?q=3%E6%A0%8B502"' in client.get("/grid/find/?q=3栋502").content.decode()


def test_one_msgid_means_one_thing_across_catalogues():
    """Django merges every app's catalogue and the first app wins, so a msgid translated two
    ways (status: 状态 vs 政治面貌) shows the wrong word in one of the apps."""
    meanings = {}
    for po_path in CATALOGUES:
        if po_path.parts[-3] != "zh_Hans":
            continue
        for entry in polib.pofile(str(po_path)).translated_entries():
            meanings.setdefault((entry.msgctxt, entry.msgid), {}).setdefault(entry.msgstr, []).append(
                str(po_path.relative_to(ROOT))
            )
    clashes = {key: found for key, found in meanings.items() if len(found) > 1}
    assert not clashes, clashes


# The tracking code's one Chinese name: what the catalogues call it (查询码).
TRACKING_CODE = "查询码"
OTHER_NAMES = ("追踪码", "跟踪码", "查询代码", "追踪号")


def test_the_tracking_code_has_one_name_everywhere():
    """The thank-you page, the tracking page, mail and the demo's texts name the code alike."""
    for po_path in CATALOGUES:
        if po_path.parts[-3] != "zh_Hans":
            continue
        for entry in polib.pofile(str(po_path)).translated_entries():
            if "tracking code" in entry.msgid.lower():
                assert TRACKING_CODE in entry.msgstr, (po_path, entry.msgid, entry.msgstr)
    sources = [
        *ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"),
        *ROOT.glob("grid_pages/*/locale/zh_Hans/LC_MESSAGES/django.po"),
        *ROOT.glob("*/templates/**/*.html"),
        *ROOT.glob("*/templates/**/*.txt"),
        *ROOT.glob("grid_pages/*/templates/**/*"),
        *ROOT.glob("home/*.py"),
        *ROOT.glob("home/fixtures/*"),
    ]
    for path in sources:
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="ignore")
            assert not [name for name in OTHER_NAMES if name in text], path


# Wagtail's msgids the grid's catalogues translate otherwise on purpose: they win in the admin
# too, so each must read right on Wagtail's own screens as well.
GRID_WORDS_OVER_WAGTAILS = {
    "Name", "name", "Email", "Previous", "Next", "Download CSV", "Download XLSX", "Actions", "Filter",
    "This field is required.", "In progress", "Rejected", "Reject", "Summary", "Show", "active",
    "Request changes", "Approve with comment",
}


def test_the_grids_catalogues_do_not_rename_wagtails_words():
    """An app's catalogue wins over Wagtail's: "Pages" as 分页 (a pager's label) renamed the
    admin's Pages menu, "Publish" as 公示 the page editor's button, "Move" as 调寝 the page
    action. Words the grid means otherwise take a context (msgctxt)."""
    import wagtail

    wagtail_root = Path(wagtail.__file__).parent
    wagtails = {}
    for po_path in wagtail_root.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po_path)).translated_entries():
            wagtails.setdefault((entry.msgctxt, entry.msgid), set()).add(entry.msgstr)
    renamed = {}
    for po_path in CATALOGUES:
        if po_path.parts[-3] != "zh_Hans" or "locale_overrides" in po_path.parts:
            continue
        for entry in polib.pofile(str(po_path)).translated_entries():
            key = (entry.msgctxt, entry.msgid)
            if key in wagtails and entry.msgstr not in wagtails[key] and entry.msgid not in GRID_WORDS_OVER_WAGTAILS:
                renamed[entry.msgid] = (entry.msgstr, sorted(wagtails[key]), str(po_path.relative_to(ROOT)))
    assert not renamed, renamed
