"""The page cache's middleware: first in MIDDLEWARE, so that a hit skips everything else.

A hit costs a cookie check, one generation read and a dictionary lookup (and a read of the
content generation for a copy that follows it: a page that shows no volatile model, which
a booking leaves); it returns the headers the miss sent (stored with the body), so that hits
and misses look alike.
"""

import hashlib
import time
from functools import partial

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import cc_delim_re
from django.utils.http import http_date

from . import conf, generation, moments, serving, store

# Headers a 304 answer leaves out: it has no body.
BODY_HEADERS = frozenset(("content-type", "content-length", "content-disposition", "content-encoding"))
# Vary values the key already accounts for: the language comes from the URL (i18n_patterns).
KEYED_VARY = frozenset(("accept-language",))
UNCACHEABLE = frozenset(("private", "no-store"))
UNSTORABLE_KEYS = 10_000


def allow(request):
    """Mark ``request``'s response as shareable; views and hooks call it (see ``wagtail_hooks``)."""
    request.page_cache_allowed = True


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.bypass_cookies = conf.bypass_cookies()
        self.url_names = frozenset(conf.get("URL_NAMES"))
        self.status_header = conf.get("STATUS_HEADER")
        bypass = conf.get("BYPASS_HEADER")
        self.bypass_meta = "HTTP_" + bypass.upper().replace("-", "_") if bypass else None
        self.max_entry_bytes = conf.get("MAX_ENTRY_BYTES")
        self.unstorable = {}  # key -> generation at which its response could not be shared

    def __call__(self, request):
        method = request.method
        if (method != "GET" and method != "HEAD") or not self.anonymous(request):
            return self.passed(request)
        if self.bypass_meta and self.bypass_meta in request.META:
            # No copy of the page is read or kept (benchmarks of uncached pages), but what is
            # kept per generation for the parts of a page (the site, the sections'
            # fragments) is used as on any miss. Set only on anonymous GET/HEAD requests.
            request.page_cache_generation = generation.current()
            request.page_cache_now = time.time()
            return self.passed(request)
        try:
            key = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        except DisallowedHost:
            return self.passed(request)
        # Read before rendering: a write committed meanwhile bumps it, so the copy made
        # from older data is stored under a generation that is already past.
        current = generation.current()
        now = time.time()
        if self.unstorable.get(key) != current:
            entry = store.get(key, current, now, partial(generation.content_of, request))
            if entry is not None:
                return self.respond(request, entry, "hit")
        # Also tells the parts kept per generation (``serving``, ``fragments``) that the
        # request is one the cache would share.
        request.page_cache_generation = current
        request.page_cache_now = now
        # Read before rendering as well, for a copy that follows it.
        content = generation.content_of(request)
        with generation.watching() as watch:
            response = self.get_response(request)
        if method == "GET" and self.storable(request, response):
            # A page that showed no volatile model (a booking's free places) outlives their writes.
            entry = self.make_entry(response, current, content, now, follows_content=not watch.volatile)
            store.put(key, entry, now)
            self.unstorable.pop(key, None)
            return self.respond(request, entry, "miss")
        if method == "GET":
            # Not looked up again (nor in the shared cache) until the next change.
            if len(self.unstorable) >= UNSTORABLE_KEYS:
                self.unstorable.clear()
            self.unstorable[key] = current
        if self.status_header:
            response[self.status_header] = "pass"
        return response

    def passed(self, request):
        response = self.get_response(request)
        if self.status_header:
            response[self.status_header] = "pass"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Wagtail's pages, cached or not, anonymous or not: their site is the same for everyone.
        if request.resolver_match.url_name == "wagtail_serve":
            # The site, its root and restrictions change with the content, not with a booking.
            content = generation.content_of(request)
            serving.prime(request, content)
            # The serve view's one argument: the page's path below the site root.
            path = view_kwargs.get("path", view_args[0] if view_args else "")
            serving.route(request, path, content)

    def anonymous(self, request):
        """No login, session, flash message or credentials: a visitor like any other."""
        meta = request.META
        if "HTTP_AUTHORIZATION" in meta:
            return False
        if "HTTP_COOKIE" in meta:
            cookies = request.COOKIES
            return not any(name in cookies for name in self.bypass_cookies)
        return True

    def storable(self, request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if not getattr(request, "page_cache_allowed", False):
            match = request.resolver_match
            if match is None or match.view_name not in self.url_names:
                return False
        if response.has_header("Vary"):
            vary = {v.strip().lower() for v in cc_delim_re.split(response["Vary"])}
            if not vary <= KEYED_VARY:
                return False  # Cookie, *, or a header the key does not hold
        if response.has_header("Cache-Control"):
            directives = {d.split("=")[0].strip().lower() for d in cc_delim_re.split(response["Cache-Control"])}
            if directives & UNCACHEABLE:
                return False
        return len(response.content) <= self.max_entry_bytes

    def make_entry(self, response, current, content, now, follows_content=False):
        body = response.content
        if not response.has_header("ETag"):
            response["ETag"] = '"%s"' % hashlib.sha1(body).hexdigest()[:20]
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(now)
        if not response.has_header("Cache-Control"):
            # Browsers and proxies may keep it, but ask each time (and get a 304).
            response["Cache-Control"] = "public, no-cache"
        headers = dict(response.items())
        return store.Entry(
            content if follows_content else current,
            moments.valid_until(content, now),
            response.status_code,
            headers,
            body,
            response["ETag"],
            response["Last-Modified"],
            follows_content,
        )

    def respond(self, request, entry, status):
        match = request.META.get("HTTP_IF_NONE_MATCH")
        if match and (match.strip() == "*" or entry.etag in (t.strip() for t in match.split(","))):
            response = HttpResponseNotModified()
            for name, value in entry.headers.items():
                if name.lower() not in BODY_HEADERS:
                    response[name] = value
        else:
            body = b"" if request.method == "HEAD" else entry.body
            response = HttpResponse(body, status=entry.status, headers=entry.headers)
        if self.status_header:
            response[self.status_header] = status
        return response
