"""Readable ASCII slugs for grid pages: pinyin for Chinese, the building's or floor's number.

Wagtail makes a slug of the title as it is written (东区梅园 → ``东区梅园``), which every link,
QR code, WeChat share and printed notice carries percent-encoded (``/%E4%B8%9C%E5%8C%BA…/``).
The grid's pages get ``dongqu-meiyuan/3/5/`` instead:

* ``ascii_slug(text)``: Chinese as pinyin without tones, a word per hyphen (pypinyin's phrase
  dictionary, other characters in pairs: 东区梅园 → ``dongqu-meiyuan``), other scripts
  transliterated (anyascii, which Wagtail itself depends on: Café → ``cafe``), at most
  ``MAX_LENGTH`` characters cut at a hyphen; empty when nothing readable is left.
* ``page_slug_base(page)``: what a page's slug is made of: a floor's number (``5``, ``b1``), a
  building's number (``3``, ``a``), a community's short name, else the title; never empty.
* ``unique_slug`` / ``available_slug``: ``base``, ``base-2``, ``base-3``… among the siblings,
  as Wagtail numbers its own.
* ``apply_default_slug(page)``: called from ``AsciiSlugMixin.full_clean`` (every page model of
  grid_pages has it), so the admin (and any ``save``) gets the ASCII slug where Wagtail would
  have made one from the title.
* ``reslug(page)``: gives an existing page its ASCII slug; old URLs are redirected when
  ``wagtail.contrib.redirects`` is installed (optional: grid_pages works without it).

Editors can still type any slug they like; see ``apply_default_slug`` for when it stays.
"""

import re
import unicodedata

from anyascii import anyascii
from django.apps import apps
from django.db import transaction
from django.utils.text import slugify

MAX_LENGTH = 60
FALLBACKS = {1: "community", 2: "building", 3: "floor"}

# CJK unified ideographs, extension A, compatibility ideographs and the supplementary planes' ones.
_HAN_RUN = re.compile("([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+)")


def _han_words(run):
    """Pinyin words of a run of Chinese characters: pypinyin's phrases (社区, 重庆), and the
    characters between them paired (names such as 梅园 or 西区 that no dictionary knows)."""
    from pypinyin import Style, lazy_pinyin
    from pypinyin.seg.mmseg import seg

    # Readings come from the whole run (heteronyms such as 重庆 need their neighbours).
    syllables = lazy_pinyin(run, style=Style.NORMAL, errors=lambda chars: list(chars))
    if len(syllables) != len(run):  # not one syllable per character: no regrouping
        return ["".join(syllables)]
    lengths, singles = [], 0
    for word in seg.cut(run):
        if len(word) == 1:
            singles += 1
            if singles == 2:
                lengths[-1] = 2
                singles = 0
                continue
        else:
            singles = 0
        lengths.append(len(word))
    words, position = [], 0
    for length in lengths:
        words.append("".join(syllables[position : position + length]))
        position += length
    return words


def ascii_slug(text, max_length=MAX_LENGTH):
    """``text`` as a readable ASCII slug (lower case, digits, hyphens), or "" if none is left."""
    text = unicodedata.normalize("NFKC", str(text or ""))[:1000]  # full-width Ａ３ → A3; titles are short
    pieces = []
    for index, part in enumerate(_HAN_RUN.split(text)):
        if index % 2:
            pieces += _han_words(part)
        elif part:
            pieces.append(part)
    # anyascii writes emoji as :name: and leaves leftover characters of any script readable.
    ascii_text = anyascii(" ".join(pieces)).replace(":", " ")
    slug = slugify(ascii_text).replace("_", "-")
    slug = re.sub("-{2,}", "-", slug).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1].rfind("-")
        slug = (slug[:cut] if cut > max_length // 2 else slug[:max_length]).strip("-")
    return slug


def page_slug_base(page):
    """The slug a grid page's URL should have before it is made unique among its siblings.

    Floors: their number (``5``; basements ``b1``). Buildings: the number students type (``3``
    for 庠园3栋, ``a`` for A座), else the title. Communities: the short name (庠园 →
    ``xiangyuan``), else the title. Other pages: the title. Never empty.
    """
    level = getattr(page, "grid_level", 0)
    candidates = []
    if level == 3 and getattr(page, "number", None) is not None:
        candidates.append(f"b{-page.number}" if page.number < 0 else str(page.number))
    elif level == 2:
        candidates.append(getattr(page, "short_number", ""))
    elif level == 1:
        candidates.append(getattr(page, "short_name", ""))
    candidates.append(page.title)
    for candidate in candidates:
        slug = ascii_slug(candidate)
        if slug:
            return slug
    return FALLBACKS.get(level, "page")


def unique_slug(base, taken):
    """``base``, else ``base-2``, ``base-3``… the first not in ``taken`` (a set, updated)."""
    slug, suffix = base, 1
    while slug in taken:
        suffix += 1
        slug = f"{base}-{suffix}"
    taken.add(slug)
    return slug


def available_slug(page, parent):
    """``page``'s ASCII slug, unique among the children of ``parent`` (``page`` itself aside)."""
    base = page_slug_base(page)
    siblings = parent.get_children()
    if page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    return unique_slug(base, taken)


def _known_parent(page):
    if getattr(page, "_cached_parent_obj", None) is not None:
        return page._cached_parent_obj
    return page.get_parent() if page.path else None


def is_generated(page):
    """True when ``page.slug`` is what Wagtail makes of the title (in Python, or the admin's
    JavaScript as the title is typed), so the editor did not choose it."""
    return not page.slug or slugify(page.slug, allow_unicode=True) == slugify(page.title, allow_unicode=True)


def apply_default_slug(page):
    """Give ``page`` its ASCII slug where Wagtail would have given it the title's.

    That is when the slug is empty, or is the title's own non-ASCII slug on a page that has
    never been published (its URL is not out yet): the admin fills the slug in from the title as
    the editor types it. A slug the editor typed differently, an ASCII one, a published page's
    (``reslug`` changes those, with redirects), a translation's or an alias's stays as it is.
    Does nothing until the parent is known (Wagtail calls ``full_clean`` again once it is).
    """
    if page.slug and (page.slug.isascii() or page.first_published_at or page.alias_of_id or not is_generated(page)):
        return
    parent = _known_parent(page)
    if parent is None:
        return
    if page.slug and _is_translation(page):
        return
    page.slug = available_slug(page, parent)


def _is_translation(page):
    if not getattr(page, "translation_key", None):
        return False
    others = type(page).base_page_model.objects.filter(translation_key=page.translation_key)
    return others.exclude(pk=page.pk).exists() if page.pk else others.exists()


def needs_reslug(slug):
    """True for a slug ``reslug`` would replace: one that is not ASCII."""
    return not slug.isascii()


def redirects_installed():
    return apps.is_installed("wagtail.contrib.redirects")


def reslug(page, *, user=None):
    """Give ``page`` (a specific grid page, as in the database) its ASCII slug; returns the new slug.

    Saved as Wagtail saves a changed slug: the URL paths below follow and ``page_slug_changed`` is
    sent. The slug in the page's latest and live revisions changes too, so publishing a draft
    later does not bring the old slug back. With ``wagtail.contrib.redirects`` installed every
    old URL of the page and the pages below it, on every site, redirects permanently to the page
    (to the page, not a path: it follows later moves).
    """
    from wagtail.models import Revision

    parent = page.get_parent()
    old_slug = page.slug
    new_slug = available_slug(page, parent)
    if new_slug == old_slug:
        return old_slug
    with transaction.atomic():
        before = type(page).objects.get(pk=page.pk)
        page.slug = new_slug
        page.save(update_fields=["slug", "url_path"], clean=False)
        revisions = {page.latest_revision_id, page.live_revision_id} - {None}
        for revision in Revision.objects.filter(pk__in=revisions):
            if revision.content.get("slug") == old_slug:
                revision.content["slug"] = new_slug
                revision.save(update_fields=["content"])
        if redirects_installed():
            _redirect_old_urls(page, before)
    return new_slug


def _redirect_old_urls(page, before):
    # Wagtail's own redirect maker (also run by its page_slug_changed handler when
    # WAGTAILREDIRECTS_AUTO_CREATE is on; it replaces the same rows then): called here so that the
    # redirects exist whatever that setting says.
    from wagtail.contrib.redirects.signal_handlers import create_redirects
    from wagtail.models import Site

    site_ids = [option.site_id for option in page._get_relevant_site_root_paths(cache_object=page)]
    sites = Site.objects.filter(id__in=site_ids).exclude(root_page=page)
    create_redirects(page=page, page_old=before, sites=sites)


class AsciiSlugMixin:
    """For any page model: the ASCII slug where Wagtail would make one of a Chinese title.

    Put it before ``Page`` (or the page's abstract mixin) in the bases. The grid's pages have it
    through ``GridPageMixin``; the sub-apps' pages (notices, activities, answers, reception,
    intake, plaque and declaration pages) through their own bases, since a notice's title is
    what its shared link carries.
    """

    def full_clean(self, *args, **kwargs):
        # Before Wagtail's own default (the title as a slug).
        apply_default_slug(self)
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        # What Page.save runs instead of full_clean for a draft (the admin's "Save draft").
        apply_default_slug(self)
        super().minimal_clean()

