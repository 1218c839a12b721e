"""Which notices apply to a page: those published on it or on any page above it."""

import copy
import operator
from functools import reduce

from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Length, RowNumber, Substr
from django.utils import timezone

from ..conf import get_page_model
from ..models import GridPageMixin
from ..pagecache.generation import at_most
from ..routing import private_q, restricted_q
from .models import NoticePage

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()


def ancestor_paths(page):
    """Treebeard paths of ``page`` and every page above it (fixed-width steps, so pure string work)."""
    step = Page.steplen
    return [page.path[:i] for i in range(step, len(page.path) + 1, step)]


def accepts_notices(page):
    """True for the pages notices can be published under and listed on: grid pages and the campus root."""
    return isinstance(page, GridPageMixin) or isinstance(page, tuple(NoticePage.allowed_parent_page_models()))


# Pinned first, then newest (never published last).
ORDER = ("-pinned", F("first_published_at").desc(nulls_last=True), "-pk")


def _shown(notices, now):
    """Those in force at ``now``: expiry and scheduled publication compared with the time."""
    return notices.filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now)).filter(
        Q(go_live_at__isnull=True) | Q(go_live_at__lte=now)
    )


def _sort_key(notice):
    published = notice.first_published_at
    return (not notice.pinned, published is None, -published.timestamp() if published else 0, -notice.pk)


def notices_for(page, limit=None, origins=True, now=None):
    """Live notices that apply to ``page``: pinned first, then newest first.

    A notice applies where its parent is ``page`` or one of its ancestors, so a campus
    notice reaches every grid page and a building notice only that building and its
    floors. Two queries whatever the number of notices: the site's view restrictions
    (none when the page has read them already, see ``routing.private_q``), then the notices, filtered by the ancestors' paths (found from ``page.path``
    alone); each notice carries ``origin_title`` (the page it was
    published on) and ``is_local`` (published on ``page`` itself).

    ``origins=False`` leaves ``origin_title`` and ``is_local`` out of the query, for a
    caller that knows the pages above ``page`` already (``set_origins``).

    ``go_live_at``/``expire_at`` are checked here as well as ``live``: Wagtail only
    flips ``live`` when the ``publish_scheduled`` command runs, and a notice must not
    outlive its expiry by up to one cron interval.
    """
    paths = ancestor_paths(page)
    now = now or timezone.now()
    # Children of each ancestor as depth + path prefix: both indexed, unlike a computed parent path.
    children_of = reduce(
        operator.or_, (Q(depth=depth + 1, path__startswith=path) for depth, path in enumerate(paths, start=1))
    )
    notices = (
        # Public only: sections and feeds are served to everyone, so a notice behind a
        # login or password (or under a restricted page) is never listed.
        _shown(NoticePage.objects.live().exclude(private_q(page)), now)
        .filter(children_of)
        .order_by(*ORDER)
    )
    if origins:
        parent_path = Substr("path", 1, Length("path") - Page.steplen)
        origin_title = Page.objects.filter(path=OuterRef("origin_path")).values("title")[:1]
        notices = notices.alias(origin_path=parent_path).annotate(
            origin_title=Subquery(origin_title),
            is_local=ExpressionWrapper(Q(origin_path=page.path), output_field=BooleanField()),
        )
    if limit is not None:
        notices = notices[:limit]
    return notices


# At most this many notices are read for the whole site (``first_by_parent``); a site with
# more reads each page's own (one query).
KEPT_NOTICES = 3000


def first_by_parent(limit, fields, now, restrictions):
    """{parent path: its first ``limit`` children notices in force at ``now``} for the whole
    site (public ones, not behind any of ``restrictions``, the site's view restrictions with
    their pages; in the order above, ``fields`` loaded): one query, or None past
    ``KEPT_NOTICES`` rows. The first ``limit`` of a page's notices are among those of the page
    and of the pages above it (``merged``)."""
    parent = Substr("path", 1, Length("path") - Page.steplen)
    rows = at_most(
        _shown(NoticePage.objects.live().exclude(restricted_q(restrictions)), now)
        .annotate(parent_path=parent, rank=Window(RowNumber(), partition_by=[parent], order_by=ORDER))
        .filter(rank__lte=limit)
        .only(*fields),
        KEPT_NOTICES,
    )
    if rows is None:
        return None
    by_parent = {}
    for notice in rows:
        by_parent.setdefault(notice.parent_path, []).append(notice)
    return by_parent


def merged(by_parent, page, limit):
    """``page``'s first ``limit`` notices from ``first_by_parent`` (shared, read only), as copies
    that ``set_origins`` may mark for ``page``: what ``notices_for(page, limit)`` lists."""
    found = sorted((n for path in ancestor_paths(page) for n in by_parent.get(path, ())), key=_sort_key)
    return [copy.copy(notice) for notice in found[:limit]]


def set_origins(page, notices, above):
    """Give each of ``notices`` (from ``notices_for(page, origins=False)``) ``origin_title`` and
    ``is_local`` as ``notices_for`` annotates them, from ``above``: the pages above ``page``
    (a notice's parent is ``page`` or one of them), without a query."""
    titles = {p.path: p.title for p in [*above, page]}
    for notice in notices:
        origin_path = notice.path[: -Page.steplen]
        notice.is_local = origin_path == page.path
        notice.origin_title = titles.get(origin_path)
    return notices
