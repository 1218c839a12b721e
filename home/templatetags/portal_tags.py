from django import template
from django.conf import settings
from django.db.models import Q
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page

from grid_pages.pagecache.fragments import shareable
from grid_pages.pagecache.generation import PerGeneration, PerGenerationByKey, at_most

register = template.Library()


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Links to this page in every site language.

    A page links to its live translation; a page not (yet) translated into a language links
    to that language's home page instead of a path that would be a 404, and the language is
    left out when its home page is not live either. Views that are not pages (search, find my
    room, tracking) exist in every language: the same path under the other prefix.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    urls, homes = {}, {}
    is_page = page is not None and getattr(page, "pk", None)
    if is_page:
        urls, homes = _kept_translation_links(page, request)
    # The query goes along (?room= on a floor, ?done= after sending a report, ?q= in search).
    query = request.GET.urlencode() if request is not None else ""
    links = []
    for code, name in settings.LANGUAGES:
        url = urls.get(code)
        if url:
            url = f"{url}?{query}" if query else url
        elif is_page:
            url = homes.get(code)
            if not url:
                continue
        else:
            url = translate_url(request.path, code) if request is not None else "/"
            url = f"{url}?{query}" if query else url
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {"links": links}


def translation_links(page, request):
    """({language: URL of ``page``'s live translation}, {language: URL of its live home}): from
    the site's live pages kept per generation of the page cache (``grid_pages.pagecache``),
    else one query."""
    root_paths = {root.root_path for root in page._get_site_root_paths(request)}  # kept on the request
    kept = _kept_live_pages.get_if_installed()
    if kept is None:
        candidates = Page.objects.filter(Q(translation_key=page.translation_key) | Q(url_path__in=root_paths))
        candidates = candidates.live().order_by("path").values_list(*LINK_ROW)
    else:
        candidates = [*kept.get(page.translation_key, ()), *(r for path in root_paths for r in kept.get(path, ()))]
    urls, homes = {}, {}
    for pk, url_path, translation_key, code in candidates:
        # A URL needs the page's path only (no page type here overrides get_url_parts).
        url = Page.from_db(None, ["id", "url_path"], [pk, url_path]).get_url(request)
        if translation_key == page.translation_key:
            urls[code] = url
        if url_path in root_paths:
            homes.setdefault(code, url)
    return urls, homes


# What a link to a translation needs of a live page.
LINK_ROW = ("id", "url_path", "translation_key", "locale__language_code")

# At most this many live pages are kept for the whole site (below); past that, each page reads
# its own translations (one query).
KEPT_LIVE_PAGES = 20_000


def _load_live_pages():
    """The site's live pages as ``LINK_ROW`` rows, by translation key and by URL path (the
    site roots are found by theirs), in tree order: plain tuples, a few hundred bytes each."""
    rows = at_most(Page.objects.live().order_by("path").values_list(*LINK_ROW), KEPT_LIVE_PAGES)
    if rows is None:
        return None
    by_key = {}
    for row in rows:
        by_key.setdefault(row[2], []).append(row)
        by_key.setdefault(row[1], []).append(row)
    return by_key


# Read once per page-cache generation in each process: any write a public page shows bumps it
# (a page published, moved, translated or unpublished).
_kept_live_pages = PerGeneration(_load_live_pages)


# (scheme, host, page pk) -> translation_links, for the current content generation.
_kept_links = PerGenerationByKey(20_000)


def _kept_translation_links(page, request):
    """``translation_links``, kept per generation of the page cache (``grid_pages.pagecache``) for
    the requests it would share: a page the cache does not answer builds none of the URLs."""
    if not shareable(page, request):  # also when the page cache is not installed
        return translation_links(page, request)
    key = (request.scheme, request.get_host(), page.pk)
    return _kept_links.get_if_installed(key, lambda: translation_links(page, request))


@register.simple_tag(takes_context=True)
def editor_userbar(context, position="bottom-right"):
    """Wagtail's userbar for signed-in editors only. Without a session cookie the
    session is never touched, so anonymous pages stay free of per-user state."""
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

    return wagtailuserbar(context, position)


@register.simple_tag
def shown_untranslated(page):
    """The language of the text ``page`` shows when it is an alias kept in sync from the default
    locale and the visitor reads another language ("zh-Hans"), else "". No query."""
    if page is None or not getattr(page, "alias_of_id", None):
        return ""
    from home.translation import default_language

    default = default_language()
    if get_language() == default:
        return ""
    # BCP 47 spells the script with a capital (zh-Hans), Django's codes are lower case.
    language, _, script = default.partition("-")
    return f"{language}-{script.title()}" if script else language
