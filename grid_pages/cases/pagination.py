"""Keyset ("seek") pagination for the case queue.

Page-number paging makes the database count and skip every row before a page (OFFSET), so
deep pages cost as much as the whole queue. Here a page is the ``per_page`` rows after (or
before) the last row the user saw, in the listing's ordering: a range read on the index of
that ordering, as fast on the thousandth page as on the first, and stable when new cases
arrive meanwhile (no row shown twice, none skipped). The links read newest / newer / older /
oldest instead of page numbers.

The cursor holds the values of the ordering keys of a row (``queryset.query.order_by``, ending
with ``pk`` so it is unique), JSON in URL-safe base64; a cursor that does not parse gives the
first page. Keys must be fields or annotations that are never NULL.
"""

import base64
import binascii
import json
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q
from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator

AFTER, BEFORE, LAST = "after", "before", "last"


def _keys(queryset):
    keys = []
    for item in queryset.query.order_by:
        name = str(item)
        descending = name.startswith("-")
        name = name.lstrip("-")
        keys.append(("pk" if name in ("pk", "id") else name, descending))
    return keys


def _encode(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _decode(model, name, value):
    try:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    except FieldDoesNotExist:  # an annotation: the queue's are integers (ranks)
        return int(value)
    return getattr(field, "output_field", field).to_python(value)  # a generated column: its type's


def seek(keys, values, forward):
    """Rows strictly after ``values`` in the ordering ``keys`` (before them when not ``forward``)."""
    condition, equal = Q(), {}
    for (name, descending), value in zip(keys, values):
        op = "lt" if descending == forward else "gt"
        condition |= Q(**equal, **{f"{name}__{op}": value})
        equal[name] = value
    # The same rows; the bound on the first key alone lets the database start its index read
    # at the cursor (neither SQLite nor PostgreSQL turn the OR above into a range).
    (first, descending), value = keys[0], values[0]
    return Q(**{f"{first}__{'lte' if descending == forward else 'gte'}": value}) & condition


class KeysetPage:
    """What the listing template needs of a page: its rows and the cursors next to it."""

    def __init__(self, paginator, object_list, newer, older):
        self.paginator = paginator
        self.object_list = object_list
        self.newer_cursor, self.older_cursor = newer, older

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_previous(self):
        return self.newer_cursor is not None

    def has_next(self):
        return self.older_cursor is not None

    def has_other_pages(self):
        return self.has_previous() or self.has_next()


class KeysetPaginator:
    """Pages of ``queryset`` (ordered, ``pk`` last) by cursor. ``count`` is only run if shown.

    ``grouped``: the first key is a rank of a handful of values (the deadline sort's
    ``finished``, the status sort's ``status_order``). A page then reads the rest of the
    cursor's group as a range of the index (first key equal, the others past the cursor) and,
    if that falls short, the next groups: two exact index ranges instead of one range that
    starts at the beginning of the cursor's group and grows with it.
    """

    def __init__(self, queryset, per_page, grouped=False, count_limit=0):
        self.queryset, self.per_page, self.count_limit = queryset, per_page, count_limit
        self.keys = _keys(queryset)
        if not self.keys or self.keys[-1][0] != "pk":
            raise ValueError("keyset pagination needs an ordering that ends with pk")
        self.grouped = grouped and len(self.keys) > 1

    @cached_property
    def _counted(self):
        if not self.count_limit:
            return self.queryset.count()
        return self.queryset.order_by().values("pk")[: self.count_limit + 1].count()

    @property
    def count(self):
        """The number of rows, at most ``count_limit`` (then ``capped``: there are more)."""
        return min(self._counted, self.count_limit) if self.capped else self._counted

    @property
    def capped(self):
        return bool(self.count_limit) and self._counted > self.count_limit

    def get_elided_page_range(self, *args):
        return []

    def cursor(self, row):
        values = [_encode(getattr(row, name)) for name, _descending in self.keys]
        return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")

    def values(self, cursor):
        try:
            raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            if len(raw) != len(self.keys):
                return None
            return [_decode(self.queryset.model, name, value) for (name, _d), value in zip(self.keys, raw)]
        except (ValueError, TypeError, binascii.Error, ValidationError):
            return None

    def page(self, direction=None, cursor=""):
        """The page after (``AFTER``) or before (``BEFORE``) ``cursor``, the ``LAST`` page, or the first."""
        values = self.values(cursor) if direction in (AFTER, BEFORE) else None
        forward = direction != LAST and not (direction == BEFORE and values is not None)
        queryset = self.queryset if forward else self.queryset.reverse()
        rows = self._rows(queryset, values, forward, self.per_page + 1)
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if not forward:
            rows.reverse()
        if not rows:
            return KeysetPage(self, rows, None, None)
        if forward:
            newer = self.cursor(rows[0]) if values is not None else None
            older = self.cursor(rows[-1]) if more else None
        else:
            newer = self.cursor(rows[0]) if more else None
            older = self.cursor(rows[-1]) if direction == BEFORE else None
        return KeysetPage(self, rows, newer, older)

    def following(self, queryset, values, forward=True):
        """The rows after ``values`` (before them when not ``forward``); when ``grouped``, only
        those of the cursor's group."""
        if not self.grouped:
            return queryset.filter(seek(self.keys, values, forward))
        (first, _descending), value = self.keys[0], values[0]
        return queryset.filter(Q(**{first: value}), seek(self.keys[1:], values[1:], forward))

    def _rows(self, queryset, values, forward, limit):
        if values is None:
            return list(queryset[:limit])
        rows = list(self.following(queryset, values, forward)[:limit])
        if self.grouped and len(rows) < limit:
            (first, descending), value = self.keys[0], values[0]
            later = {f"{first}__{'lt' if descending == forward else 'gt'}": value}
            rows += queryset.filter(**later)[: limit - len(rows)]
        return rows


class DeferredJoinPaginator(WagtailPaginator):
    """Wagtail's page-number paginator, skipping rows on the ordering's index alone.

    ``OFFSET n`` makes the database build every skipped row, with its joins (the queue's
    ``select_related``), before throwing it away: 198 ms of SQL for the last page of 100,000
    cases on SQLite (``bench/cases_bench.py``). The page's primary keys are read first (the
    ORDER BY and OFFSET over the index, no join), then those rows with their joins, in one
    more query. A page in the second half is read from the other end (the ordering reversed:
    ``pk`` last makes it the exact reverse), so the last page skips nothing: the most a page
    skips is half the rows.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom > self.count - top:
            backwards = self.object_list.reverse().values_list("pk", flat=True)
            ids = list(backwards[self.count - top : self.count - bottom])[::-1]
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def paginate(request, queryset, per_page, by_number, grouped=False, count_limit=0):
    """``(paginator, page, rows, is_paginated)`` for a Wagtail listing view's ``paginate_queryset``.

    A ``p`` page number (links of old) is still honoured through ``by_number``, Wagtail's own
    with ``DeferredJoinPaginator`` as the view's ``paginator_class``.
    """
    direction = next((d for d in (AFTER, BEFORE, LAST) if d in request.GET), None)
    if direction is None and "p" in request.GET:
        return by_number(queryset, per_page)
    paginator = KeysetPaginator(queryset, per_page, grouped=grouped, count_limit=count_limit)
    page = paginator.page(direction, request.GET.get(direction, "") if direction else "")
    return paginator, page, page.object_list, page.has_other_pages()
