"""What Wagtail looks up the same way for every request, kept per process for one generation.

For each page it serves, Wagtail finds the request's site (one query, a CASE over the
hostnames) and then the specific row of the site's root page (another): the same answer
for every request until something changes. On a request the page cache does not answer
(a miss, a logged-in editor, a bypass), the middleware hands Wagtail that site, found once
per generation in each process, where ``Site.find_for_request`` keeps it for the request
(``request._wagtail_site``), and the site's view restrictions, which the grid's route
hands to the page it serves (``request.grid_view_restrictions``, see
``grid_pages.routing.site_view_restrictions``). Any write bumps the generation
(``signals``), a site's, a root page's or a restriction's included, so the next request
looks them up again (they follow the content generation, ``generation.content``: a booking
changes none of them).

Wagtail then routes from the site's root page in the active language
(``Page.route_for_request``: ``site.root_page.localized.specific``), which asks for the
active locale (a query on every request) and, in a language other than the root's, for the
root's translation and its specific row (two more). That page too is kept per generation, for
each site and language (``route``), and the route starts from a copy of it. The site is read
with its root's translations, specific and with their locales, in one more query: the root
in any language is then picked without one (``_localized_root``).

Each request gets its own copies of the site, its root page and the root's specific page:
what a request sets on its pages (the route's parents, memoised sections) stays with it.
"""

import copy

from django.conf import settings
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import PageViewRestriction, Site

from .generation import PerGeneration, PerGenerationByKey
from .generation import content as content_generation

# Host headers are the client's: a bound on how many distinct ones are remembered.
MAX_HOSTS = 64

# (hostname, port) -> the site with its root page's specific page, or None.
_sites = PerGenerationByKey(MAX_HOSTS)
# (site pk, language) -> the site's root page in that language, specific.
_localized_roots = PerGenerationByKey(MAX_HOSTS)
# Every view restriction with its page.
_restrictions = PerGeneration(lambda: tuple(PageViewRestriction.objects.select_related("page")))


def clear():
    _sites.clear()
    _localized_roots.clear()
    _restrictions.clear()


def prime(request, content):
    """Give ``request`` its site as Wagtail would find it, from this process's copy for
    content generation ``content`` (looked up on the first request of a generation)."""
    if hasattr(request, "_wagtail_site"):
        return
    # The key Wagtail's own lookup uses (Site._find_for_request).
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    request._wagtail_site = _own_copy(_sites.get(content, key, lambda: _find_site(request)))
    # Read only, by the page's own check and the sections' "public only" filters.
    request.grid_view_restrictions = _restrictions.get(content)


def kept_view_restrictions():
    """Every view restriction of the site with its page, as ``prime`` hands them to requests:
    read once per generation in this process (read only)."""
    return _restrictions.get(content_generation())


def route(request, path, content):
    """Route ``request`` for Wagtail's ``serve`` view as ``Page.route_for_request`` does, from
    this process's copy of the site's root page in the active language for content
    generation ``content``; the result is where Wagtail looks for it (``request._wagtail_route_for_request``).
    Call after ``prime``."""
    if hasattr(request, "_wagtail_route_for_request"):
        return
    site = request._wagtail_site
    if site is None:
        return  # Wagtail's own lookup answers (no site: a 404)
    root = _localized_roots.get(content, (site.pk, get_language()), lambda: _localized_root(site))
    try:
        # A copy per request: the route sets its parents on the pages it walks.
        request._wagtail_route_for_request = copy.copy(root).route(request, [c for c in path.split("/") if c])
    except Http404:
        request._wagtail_route_for_request = None


def _localized_root(site):
    """Wagtail's own answer (``site.root_page.localized.specific``), from the root's
    translations read with the site where they tell it: a translation in the active locale,
    if live, else the root itself. Where the active language has no translation (nor perhaps
    a locale: Wagtail then takes the default one), Wagtail answers, with its queries."""
    root = site.root_page
    translations = getattr(site, "grid_root_translations", {})
    if root.pk in translations:
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return copy.copy(translations[root.pk])
        try:
            code = get_supported_content_language_variant(get_language())
        except LookupError:
            code = None
        for page in translations.values():
            if page.locale.language_code == code:
                # Wagtail's ``localized`` leaves out a translation in draft.
                return copy.copy(page if page.live or page.pk == root.pk else translations[root.pk])
    return copy.copy(root.localized.specific)


def _find_site(request):
    site = Site._find_for_request(request)
    if site is not None:
        root = site.root_page
        model = root.specific_class
        translations = {}
        if model is not None:
            # The root's specific row and its translations', with their locales: one query.
            rows = model._default_manager.filter(translation_key=root.translation_key).select_related("locale")
            translations = {page.pk: page for page in rows}
        site.grid_root_translations = translations
        # Kept with the site (fetched now where its row was not among them).
        root.specific = translations.get(root.pk) or root.specific
    return site


def _own_copy(site):
    if site is None:
        return None
    root = site.root_page
    own_root = copy.copy(root)
    own_root.specific = root if root.specific is root else copy.copy(root.specific)
    own = copy.copy(site)
    own.root_page = own_root
    return own
