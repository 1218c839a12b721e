"""``/sitemap.xml`` and ``/robots.txt`` for search engines.

The sitemap lists every live, public page of the site in every language (Wagtail's own
sitemap walks the default language's tree only), each with ``hreflang`` alternates to its
translations and ``x-default`` to the default language's page. Locations are absolute and
start from the Site record, which ``migrate`` points at ``PORTAL_BASE_URL`` (home/site_url.py),
never from the request's host.
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

# Not for search engines: the admin, case tracking (a code is a student's private key),
# booking and cancelling forms, search results, and Wagtail's password and login forms for
# private pages. Each path also under every language prefix.
ROBOTS_DISALLOW = ("/admin/", "/django-admin/", "/track/", "/grid/reception/", "/search/", "/_util/")


class PortalSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        trees = reduce(or_, (Q(path__startswith=path) for path in root.get_translations(inclusive=True).values_list("path", flat=True)))
        return (
            Page.objects.filter(trees).live().public().select_related("locale")
            .order_by("path").defer_streamfields().specific()
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        alternates = self.alternates({p.translation_key for p in pages})
        urls = []
        for item in pages:
            for info in item.get_sitemap_urls(self.request):
                urls.append({**info, "alternates": alternates.get(item.translation_key, [])})
        lastmods = {url.get("lastmod") for url in urls}
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls

    def alternates(self, keys):
        """{translation key: [{lang_code, location}]} for the pages in more than one language:
        the live public translations and x-default, one query (plus Wagtail's one for view
        restrictions)."""
        found = {}
        translations = Page.objects.filter(translation_key__in=keys).live().public().select_related("locale")
        for page in translations.only("translation_key", "url_path", "locale__language_code"):
            location = page.get_full_url(self.request)
            if location is None:
                continue
            code = page.locale.language_code
            found.setdefault(page.translation_key, {})[code] = location
        alternates = {}
        for key, locations in found.items():
            if len(locations) > 1:
                group = [{"lang_code": code, "location": url} for code, url in locations.items()]
                if settings.LANGUAGE_CODE in locations:
                    group.append({"lang_code": "x-default", "location": locations[settings.LANGUAGE_CODE]})
                alternates[key] = group
        return alternates


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": PortalSitemap})


@cache_control(public=True, max_age=3600)
def robots_txt(request):
    prefixes = [""] + [f"/{code}" for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}{path}" for path in ROBOTS_DISALLOW for prefix in prefixes]
    lines += ["", f"Sitemap: {sitemap_url()}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def sitemap_url():
    """The sitemap's absolute URL on the public host (the default Site's root URL)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site else ""
    return f"{root}{reverse('sitemap')}"
