#!/usr/bin/env python
"""Uncached grid pages against a bare view, in process: queries, bytes, time, ratio.

Seeds the demo campus (``seed_demo``) grown to about ``--rooms`` rooms into a scratch
SQLite file (or reuses ``--database``), then times, interleaved round by round, a bare
Django view returning the building page's bytes through the same middleware, and the
home, community, building and floor pages, with the Django test client, DEBUG off. As in
production the page cache's middleware comes first, told by a header to step aside (as
``throughput.py``'s uncached runs): no page is served from a copy, but what is kept per
generation (the site, ``grid_pages/pagecache/serving.py``; the sections' fragment,
``fragments.py``) is, as for a ``?room=`` variant of a floor whose sections another request
rendered. ``--cold`` bumps the generation before each timed request: the first request
after a change, where nothing is kept. ``--both`` times cold, "booked" (the first request
after a booking: a volatile write, GRID_PAGES_PAGECACHE_VOLATILE_MODELS, bumps the generation
but not the content generation, so what the site's pages share stays kept), "first" (the
page's own first request after a change, once another page of its language has done what a
generation shares: a building none of the measured pages is, or its translation) and warm
requests interleaved in one run. The ratio is the
bare view's median time over the page's: the share of the bare view's throughput the page
would reach on one core.

    .venv/bin/python bench/render_bench.py [--rooms 3700] [--rounds 40] [--database PATH] [--cold | --both]
    .venv/bin/python bench/render_bench.py --database PATH --profile /xiangyuan/3/ [--queries] [--cold | --booked | --first]

``--profile URL`` prints the cProfile top functions of rendering URL ``--rounds`` times
(with ``--cold``, each after a bump of the generation; with ``--first``, after a bump and a
request of another building page; ``--only REGEX`` keeps the functions whose file and name
match, e.g. ``/grid_pages/``);
``--queries`` prints each query of one request (set up the same way) with the line
of project code that issued it.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import traceback
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rooms", type=int, default=3700)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--database", help="a SQLite file: reused when it exists, else seeded and kept")
    parser.add_argument("--profile", metavar="URL", help="profile rendering this URL instead of timing")
    parser.add_argument("--queries", action="store_true", help="with --profile: attribute each query")
    parser.add_argument("--cold", action="store_true", help="bump the generation before each timed request")
    parser.add_argument("--both", action="store_true", help="time cold, booked, first and warm requests, interleaved")
    parser.add_argument("--booked", action="store_true",
                        help="with --profile: each request the first after a booking (see before())")
    parser.add_argument("--only", metavar="REGEX", default="",
                        help="with --profile: list only functions whose file and name match (e.g. /grid_pages/)")
    parser.add_argument("--first", action="store_true",
                        help="with --profile: each request a page's own first after a change (see before())")
    return parser.parse_args()


def setup(database):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    sys.path[:0] = [str(ROOT), str(HERE)]
    import django

    django.setup()


def seed(rooms):
    from search_relevance import grow_campus, quiet_call

    started = time.perf_counter()
    quiet_call("migrate")
    quiet_call("createcachetable")
    quiet_call("seed_demo")
    grow_campus(rooms)
    print(f"seeded in {time.perf_counter() - started:.0f} s")


def install_bare_view(body):
    """A urlconf with /__bare__/ (the same bytes, no work) in front of the portal's."""
    from django.conf import settings
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    import portal.urls

    def bare(request):
        return HttpResponse(body, content_type="text/html; charset=utf-8")

    module = types.ModuleType("bench_render_urls")
    module.urlpatterns = [path("__bare__/", bare)] + portal.urls.urlpatterns
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def pages():
    """(label, url) of the pages measured: the demo's and the largest generated building."""
    from wagtail.models import Locale

    from grid_pages.models import BuildingPage, FloorPage

    locale = Locale.objects.get(language_code="zh-hans")
    generated = BuildingPage.objects.filter(locale=locale, slug__startswith="b").order_by("-path").first()
    floor = FloorPage.objects.child_of(generated).order_by("path").first() if generated else None
    urls = [
        ("home", "/"),
        ("community", "/xiangyuan/"),
        ("building", "/xiangyuan/3/"),
        ("floor", "/xiangyuan/3/5/"),
        ("floor ?room=", "/xiangyuan/3/5/?room=502"),
        ("community (generated)", generated.get_parent().url if generated else None),
        ("building (generated)", generated.url if generated else None),
        ("floor (generated)", floor.url if floor else None),
        ("building /en/", "/en/xiangyuan/3/"),
    ]
    return [(label, url) for label, url in urls if url]


def before(client, mode, primer):
    """Set the scene for a request of ``mode``: "cold" bumps the generation (the first request
    after a change: nothing is kept), "first" bumps it and requests ``primer``, another grid
    page in the same language (the page's own first request after a change, once another page
    has looked up what every page of its language shares for a generation: the site, the
    restrictions, the fragments' expiry, the rankings, the grid and its people), "warm" does
    nothing (the request after the same page's); "booked" bumps the generation as a booking
    does (not the content generation: what the site's pages share stays kept)."""
    from grid_pages.pagecache import generation

    if mode in ("cold", "first"):
        generation.bump()
    if mode == "booked":
        generation.bump(content=False)
    if mode == "first":
        assert client.get(primer).status_code == 200, primer


def primer_url(measured):
    """A building page none of the measured pages is: the other page of a "first" request
    (in Chinese; ``primer_for`` gives its translation for a page in another language)."""
    from wagtail.models import Locale

    from grid_pages.models import BuildingPage

    urls = {url for _label, url in measured}
    locale = Locale.objects.get(language_code="zh-hans")
    return next(b.url for b in BuildingPage.objects.live().filter(locale=locale).order_by("path") if b.url not in urls)


def primer_for(url, primer):
    """The primer in ``url``'s language: what a generation shares per language (the people's,
    plaques' and sessions' texts) is read by the first page of that language."""
    from django.conf import settings
    from django.urls import translate_url
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if url.startswith(prefix) and code != settings.LANGUAGE_CODE:
            with translation.override(settings.LANGUAGE_CODE):
                return translate_url(primer, code)
    return primer


def count_queries(client, url, mode, primer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    before(client, mode, primer_for(url, primer))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries), len(response.content)


def timing(client, urls, rounds, modes, primer):
    """Median CPU ms per (url, mode), each request set up by ``before``; a warm request
    follows the others, so it finds what they kept for the generation."""
    samples = {(url, mode): [] for url in urls for mode in modes}
    for _ in range(rounds):
        for url in urls:  # interleaved: drift in the machine's load hits every page alike
            for mode in modes:
                before(client, mode, primer_for(url, primer))
                # CPU time of this process: on a shared machine the wall clock mostly measures the others.
                start = time.process_time()
                client.get(url)
                samples[url, mode].append((time.process_time() - start) * 1000)
    return {key: statistics.median(s) for key, s in samples.items()}


def attribute_queries(client, url, mode="warm", primer=None):
    """Each query of one request of ``url`` with the innermost project frame that issued it."""
    from django.db import connection

    lines = []

    def wrapper(execute, sql, params, many, context):
        stack = traceback.extract_stack()[:-1]
        ours = [f for f in stack if str(ROOT) in f.filename and "/.venv/" not in f.filename and "bench/" not in f.filename]
        # Framework queries: name the innermost frames outside Django's ORM instead.
        frames = ours or [f for f in stack if "/django/db/" not in f.filename and "/django/utils/" not in f.filename]
        where = " < ".join(f"{f.filename.split('site-packages/')[-1].replace(str(ROOT) + '/', '')}:{f.lineno} {f.name}"
                           for f in frames[-3:][::-1])
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - start) * 1000
            lines.append(f"[{ms:6.1f} ms] {sql[:150]}\n      at {where}")

    before(client, mode, primer)
    with connection.execute_wrapper(wrapper):
        client.get(url)
    print(f"\n{len(lines)} queries for {url}")
    for n, line in enumerate(lines, 1):
        print(f"{n:3}. {line}")


def profile(client, url, rounds, mode="warm", primer=None, only=""):
    import cProfile
    import pstats

    client.get(url)
    profiler = cProfile.Profile()
    for _ in range(rounds):
        before(client, mode, primer)
        profiler.enable()
        client.get(url)
        profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(only, 45)
    stats.sort_stats("tottime").print_stats(25)


def main():
    args = parse_args()
    database = args.database or str(Path(tempfile.mkdtemp(prefix="render-bench-")) / "campus.sqlite3")
    fresh = not Path(database).exists()
    setup(database)
    if fresh:
        seed(args.rooms)

    from django.conf import settings
    from django.test import Client

    from grid_pages.models import Room

    settings.ALLOWED_HOSTS = ["*"]
    # Production's middleware: the page cache first, stepping aside for the bench's header.
    settings.MIDDLEWARE = ["grid_pages.pagecache.middleware.PageCacheMiddleware", *settings.MIDDLEWARE]
    settings.GRID_PAGES_PAGECACHE_BYPASS_HEADER = "X-Bench-Uncached"
    client = Client(headers={"X-Bench-Uncached": "1"})
    if args.profile:
        mode = "first" if args.first else "booked" if args.booked else "cold" if args.cold else "warm"
        primer = primer_for(args.profile, primer_url([("", args.profile)])) if args.first else None
        if args.queries:
            client.get(args.profile)
            attribute_queries(client, args.profile, mode, primer)
        else:
            profile(client, args.profile, args.rounds, mode, primer, args.only)
        return

    measured = pages()
    install_bare_view(client.get("/xiangyuan/3/").content)
    measured.insert(0, ("bare view", "/__bare__/"))
    for _label, url in measured:
        client.get(url)  # warm templates, content types, site root paths
    modes = ("cold", "booked", "first", "warm") if args.both else ("cold",) if args.cold else ("warm",)
    primer = primer_url(measured)
    counts = {(url, mode): count_queries(client, url, mode, primer) for _label, url in measured for mode in modes}
    medians = timing(client, [url for _label, url in measured], args.rounds, modes, primer)
    rooms = Room.objects.filter(floor__locale__language_code="zh-hans").count()
    print(f"\n{rooms} rooms (zh-hans), {args.rounds} interleaved rounds, Django test client, SQLite, DEBUG off;"
          " cold: generation bumped before the request; booked: bumped as by a booking (not the content"
          " generation); first: bumped, then another page of the same"
          f" language requested ({primer}, or its translation); warm: the request after it")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    header = f"{'page':24} {'KB':>6}"
    for mode in modes:
        header += f" {mode + ' queries':>13} {mode + ' CPU ms':>12} {'ratio':>7}"
    print(header)
    for label, url in measured:
        line = f"{label:24} {counts[url, modes[0]][1] / 1024:6.1f}"
        for mode in modes:
            bare = medians["/__bare__/", mode]
            line += f" {counts[url, mode][0]:13} {medians[url, mode]:12.2f} {bare / medians[url, mode]:7.3f}"
        print(line)


if __name__ == "__main__":
    main()
