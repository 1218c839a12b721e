"""Gunicorn's settings for the portal; gunicorn reads this file from the working directory.

    gunicorn portal.wsgi --bind 127.0.0.1:8000 --workers 4

The application is loaded once in the master (``preload_app``), with jieba's Chinese
dictionary and the campus's names (``search.segment.preload``), before the workers are
forked: they share those pages copy-on-write instead of each loading ~70 MiB on its
first search, and the first search after a start is as fast as any other. See
docs/deployment.md ("Memory and start-up") and docs/performance.md.

Command-line options (``--bind``, ``--workers``, ``--timeout``) still apply; so does
``GUNICORN_CMD_ARGS``. Code changes need a restart of the master (``kill -HUP`` reloads
the configuration but, with a preloaded application, not the code).
"""

import gc

wsgi_app = "portal.wsgi:application"
preload_app = True


# Compiled once here rather than on each worker's first request (Django's cached loader).
WARM_TEMPLATES = [
    "base.html",
    "search/search.html",
    "home/home_page.html",
    "grid_pages/community_page.html",
    "grid_pages/building_page.html",
    "grid_pages/floor_page.html",
]


def warm_up():
    """What every worker's first request would build: the URL resolver and the main templates."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template
    from django.urls import get_resolver, reverse

    get_resolver().url_patterns
    reverse("search")
    for name in WARM_TEMPLATES:
        try:
            get_template(name)
        except TemplateDoesNotExist:  # a host site without that app
            continue


def when_ready(server):
    """In the master, after the application is loaded and before any worker is forked."""
    import portal.wsgi  # noqa: F401 (already imported with preload_app; sets Django up otherwise)

    from django.db import connections

    from search.segment import preload

    preload()
    warm_up()
    # The campus's names came from the database: a connection inherited by the forked
    # workers would be shared by all of them.
    connections.close_all()
    # Keep the collector from writing into the objects loaded so far (their pages then stay
    # shared with the workers); objects made later are collected as usual.
    gc.collect()
    gc.freeze()
    server.log.info("jieba dictionary loaded before forking the workers")
