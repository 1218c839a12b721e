"""Which notices apply to a page: those published on it or on any page above it."""

import operator
from functools import reduce

from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone

from ..conf import get_page_model
from ..models import GridPageMixin
from ..routing import private_q
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


def notices_for(page, limit=None, origins=True):
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
    now = timezone.now()
    # Children of each ancestor as depth + path prefix: both indexed, unlike a computed parent path.
    children_of = reduce(
        operator.or_, (Q(depth=depth + 1, path__startswith=path) for depth, path in enumerate(paths, start=1))
    )
    notices = (
        # Public only: sections and feeds are served to everyone, so a notice behind a
        # login or password (or under a restricted page) is never listed.
        NoticePage.objects.live()
        .exclude(private_q(page))
        .filter(children_of)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
        .order_by("-pinned", F("first_published_at").desc(nulls_last=True), "-pk")
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
