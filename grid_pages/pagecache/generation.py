"""The generation: a number that changes whenever anything a public page shows changes.

Every process reads it on each request before using a cached page. On one host it
is a file's mtime in nanoseconds (``os.stat``, about a microsecond); across hosts a
key in a shared cache (Redis: one GET). ``bump()`` changes it; writers call it after
their transaction commits (see ``signals``).

The content generation (``content()``) changes with it on every write but those of
GRID_PAGES_PAGECACHE_VOLATILE_MODELS (a booking: visitors write them often, and they change
a few numbers on the pages that show them). What a process keeps of the whole site for its
pages' parts (``PerGeneration``: the grid, the people in roles, the plaques ...) follows the
content generation unless it reads such a model (``every_write=True``), so that after a
booking the pages render again from the lists already kept. A stored page follows the content
generation too unless its rendering showed such a model (``watching``: it read a value kept
``every_write``, a section marked volatile, or a row of the model's table): after a booking
only the pages that show the free places render again.
"""

import hashlib
import os
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from functools import lru_cache

from django.apps import apps
from django.core.cache import caches
from django.db import connections

from . import conf

CACHE_KEY = "grid_pagecache:generation"
CONTENT_CACHE_KEY = "grid_pagecache:content"


@lru_cache(maxsize=None)
def _file_for(database_name, host):
    if database_name and database_name != ":memory:" and not database_name.startswith("file:") and not host:
        # SQLite: the file sits next to the database, which every process already shares.
        return f"{database_name}-pagecache"
    if database_name == ":memory:" or (database_name or "").startswith("file:"):
        # An in-memory database lives in one process only.
        database_name = f"{database_name}-{os.getpid()}"
    digest = hashlib.sha1(f"{host}/{database_name}".encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"grid-pagecache-{digest}")


def generation_file():
    configured = conf.get("GENERATION_FILE")
    if configured:
        return str(configured)
    settings_dict = connections["default"].settings_dict
    return _file_for(str(settings_dict.get("NAME") or ""), settings_dict.get("HOST") or "")


def _shared_cache():
    alias = conf.get("GENERATION_CACHE")
    return caches[alias] if alias else None


def content_file():
    return f"{generation_file()}-content"


def current():
    """The current generation (an int)."""
    return _read(CACHE_KEY, generation_file)


def content():
    """The current content generation (an int): unchanged by writes of volatile models."""
    return _read(CONTENT_CACHE_KEY, content_file)


def content_of(request):
    """``content()`` read once per request (kept on it): the serving, the fragments and the
    stored page's expiry ask for it on the same request."""
    value = getattr(request, "page_cache_content", None)
    if value is None:
        value = request.page_cache_content = content()
    return value


def _read(key, file):
    cache = _shared_cache()
    if cache is not None:
        value = cache.get(key)
        if value is None:
            # add(), not set(): another process may have started the count meanwhile.
            cache.add(key, time.time_ns(), timeout=None)
            value = cache.get(key)
        return value
    path = file()
    try:
        return os.stat(path).st_mtime_ns
    except FileNotFoundError:
        _touch(path)
        return os.stat(path).st_mtime_ns


def _touch(path):
    try:
        previous = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        previous = 0
        with open(path, "a"):
            pass
    # Strictly later than before, even if the clock stepped back or two bumps share a tick.
    stamp = max(time.time_ns(), previous + 1)
    os.utime(path, ns=(stamp, stamp))


def bump(content=True):
    """Make every cached page of every process stale; with ``content``, what the processes keep
    for the pages' parts too (``PerGeneration``). A write of a volatile model passes False."""
    # The content generation first: a process that sees the new generation never pairs it
    # with lists kept under the old content generation.
    if content:
        _bump(CONTENT_CACHE_KEY, content_file)
    _bump(CACHE_KEY, generation_file)


def _bump(key, file):
    cache = _shared_cache()
    if cache is not None:
        try:
            cache.incr(key)
        except ValueError:  # not there yet (or evicted): a new start, never an old value
            cache.set(key, time.time_ns(), timeout=None)
        return
    _touch(file())


def installed():
    """Whether the page cache app is installed: only then does every write bump the generation
    (its ``signals``), so that code outside the page cache (the grid's sections) may keep values
    per generation; where it is not, such code reads per request."""
    return apps.is_installed("grid_pages.pagecache")


_watch = threading.local()


class Watch:
    """What a page's rendering showed: ``volatile`` once it read a volatile model."""

    volatile = False


def note_volatile():
    """Say that what is being rendered shows a volatile model (a value kept ``every_write``, a
    section marked volatile): a page stored from it follows every write."""
    watch = getattr(_watch, "current", None)
    if watch is not None:
        watch.volatile = True


@lru_cache(maxsize=None)
def _volatile_tables(labels):
    tables = set()
    for label in labels:
        model = apps.get_model(label)
        tables.add(model._meta.db_table)
        tables.update(field.remote_field.through._meta.db_table for field in model._meta.local_many_to_many)
    return tuple(tables)


@contextmanager
def watching():
    """A ``Watch`` of the rendering inside the block, in this thread: ``note_volatile`` and any
    query naming a volatile model's table mark it (whatever reads the rows: a page's own
    queries, a feed, a listing's counts). Watches nest: what marks an inner one (a fragment
    rendered for the page) marks the outer one too."""
    watch = Watch()
    tables = _volatile_tables(tuple(conf.get("VOLATILE_MODELS")))

    def sql_reader(execute, sql, params, many, context):
        if not watch.volatile and any(table in str(sql) for table in tables):
            watch.volatile = True
        return execute(sql, params, many, context)

    previous = getattr(_watch, "current", None)
    _watch.current = watch
    try:
        with ExitStack() as stack:
            if tables:
                for connection in connections.all():
                    stack.enter_context(connection.execute_wrapper(sql_reader))
            yield watch
    finally:
        _watch.current = previous
        if previous is not None and watch.volatile:
            previous.volatile = True  # a part (a fragment) of what the outer watch renders


def at_most(queryset, limit):
    """The rows of ``queryset`` as a list, or None when there are more than ``limit``: what a
    process keeps for the whole site per generation stays bounded, and past the bound the
    callers read per page instead. One query (``limit + 1`` rows at most)."""
    rows = list(queryset[: limit + 1])
    return rows if len(rows) <= limit else None


class PerGeneration:
    """A value computed by ``load()`` once per content generation in this process (``content``;
    with ``every_write``, per generation: a value that shows a volatile model), for things
    every request looks up the same way until something is written (the site's view
    restrictions, the published hygiene rankings). The copy is shared by the process's threads
    and read only; it is kept as one (generation, value) pair, so a thread never pairs a value
    with another generation's number."""

    def __init__(self, load, every_write=False):
        self._load = load
        self._memo = None
        self.follow = current if every_write else content

    def get(self, generation=None):
        """The value for ``generation`` (by default the current one it follows), loaded if this
        process has none for it."""
        if generation is None:
            generation = self.follow()
        if self.follow is current:
            note_volatile()
        memo = self._memo
        if memo is None or memo[0] != generation:
            memo = self._memo = (generation, self._load())
        return memo[1]

    def get_if_installed(self):
        """``get()`` where the page cache app is installed, else None (``installed``)."""
        return self.get() if installed() else None

    def clear(self):
        self._memo = None


class PerGenerationByKey:
    """Values computed by ``load()`` once per key and generation in this process (the site of a
    Host header, a page's translation links), at most ``limit`` keys: past it they are all
    forgotten at once, since keys may come from what clients send. Values are read only.
    ``get_if_installed`` follows the content generation (``PerGeneration``)."""

    def __init__(self, limit, every_write=False):
        self._limit = limit
        self._kept = PerGeneration(dict, every_write)

    def get(self, generation, key, load):
        kept = self._kept.get(generation)
        try:
            return kept[key]
        except KeyError:
            pass
        if len(kept) >= self._limit:
            kept.clear()
        value = kept[key] = load()
        return value

    def get_if_installed(self, key, load):
        """``get()`` for the current generation where the page cache app is installed, else None."""
        return self.get(self._kept.follow(), key, load) if installed() else None

    def clear(self):
        self._kept.clear()
