"""Until when a page stored now stays true though nothing is written: the next time-driven change.

Scheduled publication, a notice's ``go_live_at``/``expire_at``, an activity moving to the
archive, a reception session closing: none of these writes to the database, so the
generation does not change. Each app that shows such things registers a Wagtail hook
``page_cache_next_change``: a function of ``now`` returning the first moment after ``now``
when what it shows changes by itself (a datetime, or None), or a ``Soonest`` that says how
to find it in the database (read with every other hook's in one query). The earliest of
them bounds every page stored under the current generation (the bound is global: a
handful of moments a day, each costing one re-render per page).
"""

import threading
from datetime import datetime, timezone as dt_timezone

from django.db.models import Subquery
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Revision

from grid_pages.conf import get_page_model

from . import conf, generation

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()

_memo = threading.local()


class Soonest:
    """A ``page_cache_next_change`` hook's answer to be read from the database: ``values`` are
    querysets of one column, each standing for its first row's value (None when it has no
    row), and ``moment(**values)`` gives the moment from those values (or None)."""

    def __init__(self, moment, **values):
        self.moment = moment
        self.values = values


def next_change(now=None):
    """The earliest moment after ``now`` when a public page changes without a write (or None):
    one query for all the hooks' ``Soonest`` answers."""
    now = now or timezone.now()
    answers = [answer for fn in hooks.get_hooks("page_cache_next_change") if (answer := fn(now)) is not None]
    asked = [answer for answer in answers if isinstance(answer, Soonest)]
    moments = [answer for answer in answers if not isinstance(answer, Soonest)]
    values = _first_values({(i, name): qs for i, answer in enumerate(asked) for name, qs in answer.values.items()})
    for i, answer in enumerate(asked):
        moment = answer.moment(**{name: values.get((i, name)) for name in answer.values})
        if moment is not None:
            moments.append(moment)
    return min(moments) if moments else None


def _first_values(querysets):
    """{key: the first value of each one-column queryset in ``querysets``}, in one query: each a
    scalar subquery of a select from the tree's root (a row every Wagtail site has)."""
    if not querysets:
        return {}
    names = {f"v{n}": key for n, key in enumerate(querysets)}
    columns = {name: Subquery(querysets[key][:1]) for name, key in names.items()}
    row = Page.objects.filter(depth=1).order_by().values(**columns).first()
    return {key: row[name] for name, key in names.items()} if row else {}


def valid_until(generation, now_ts):
    """Expiry (a POSIX timestamp) of a page stored now, ``generation`` the content generation
    (``generation.content``: a volatile model's write, a booking, moves no moment).

    Computed from the data once per content generation and process, then again only when the
    moment has passed; capped by GRID_PAGES_PAGECACHE_TIMEOUT.
    """
    memo = getattr(_memo, "value", None)
    if memo is None or memo[0] != generation or now_ts >= memo[1]:
        moment = next_change(datetime.fromtimestamp(now_ts, tz=dt_timezone.utc))
        cap = now_ts + conf.get("TIMEOUT")
        memo = (generation, min(moment.timestamp(), cap) if moment is not None else cap)
        _memo.value = memo
    return memo[1]


def forget():
    _memo.value = None


class UntilNextChange:
    """Values computed by ``load(now, key)`` once per key, generation and time-driven change
    (``valid_until``) in this process: what depends on the time as well as on the data
    (notices going live or expiring, reception sessions closing), shared by the requests in
    between. ``key`` tells values apart that differ otherwise (the language of their texts):
    a few, never from what clients send. Read only; kept with their generation and period
    as one tuple, so a thread never pairs a value with another generation or period. They
    follow the content generation, or with ``every_write`` the generation (values that show a
    volatile model: ``generation.PerGeneration``)."""

    def __init__(self, load, every_write=False):
        self._load = load
        self._memo = None
        self._every_write = every_write

    def get(self, now=None, key=None):
        now = now or timezone.now()
        at = now.timestamp()
        if self._every_write:
            generation.note_volatile()
        followed = generation.current() if self._every_write else generation.content()
        memo = self._memo
        if memo is None or memo[0] != followed or at >= memo[1]:
            # The moments follow the content generation: read apart only when it is not the one followed.
            content = generation.content() if self._every_write else followed
            memo = self._memo = (followed, valid_until(content, at), {})
        values = memo[2]
        if key not in values:
            values[key] = self._load(now, key)
        return values[key]

    def get_if_installed(self, now=None, key=None):
        """``get()`` where the page cache app is installed, else None (``generation.installed``)."""
        return self.get(now, key) if generation.installed() else None


@hooks.register("page_cache_next_change")
def scheduled_pages(now):
    """Pages and revisions scheduled to go live or expire (``publish_scheduled`` acts on them,
    and selectors such as ``notices_for`` compare ``go_live_at``/``expire_at`` with the time)."""
    return Soonest(
        _earliest,
        go_live=_first_after(Page.objects, "go_live_at", now),
        expire=_first_after(Page.objects, "expire_at", now),
        revision=_first_after(Revision.objects, "approved_go_live_at", now),
    )


def _first_after(manager, field, now):
    return manager.filter(**{f"{field}__gt": now}).order_by(field).values(field)


def _earliest(**moments):
    found = [m for m in moments.values() if m is not None]
    return min(found) if found else None
