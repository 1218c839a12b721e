"""What the SQLite and PostgreSQL backends share: segmenting values and queries."""

from contextlib import nullcontext

from django.utils import translation
from modelsearch.query import PlainText

from ..segment import add_word, index_text, query_terms


def language_of(obj):
    """Index an object in its own language: choice labels read 层长 on zh-hans pages, Floor head on en ones."""
    locale = getattr(obj, "locale", None)
    return translation.override(locale.language_code) if locale is not None else nullcontext()


def learn_names(objs):
    """Names of places (pages with a short name or number) join the dictionary before they are cut."""
    for obj in objs:
        if hasattr(obj, "short_name") or hasattr(obj, "short_number"):
            add_word(getattr(obj, "title", "") or "")
            add_word(getattr(obj, "short_name", "") or "")


def segmented_query(query):
    """A plain-text query cut into words as the index was; other query classes pass through."""
    if isinstance(query, PlainText):
        return PlainText(" ".join(query_terms(query.query_string)), operator=query.operator)
    return query


class SegmentingIndexer:
    """Mixed into the backends' ObjectIndexer: every indexed value is stored segmented.

    ``segmented``, a dict the indexers of one batch share, keeps what each text was cut into: a
    text met again (a name indexed as title, autocomplete and plain text, a role on every page)
    is cut once per batch. The dictionary does not change within a batch (``learn_names`` runs first).
    """

    segmented = None

    def prepare_value(self, value):
        text = super().prepare_value(value)
        if self.segmented is None:
            return index_text(text)
        if text not in self.segmented:
            self.segmented[text] = index_text(text)
        return self.segmented[text]




# At most this many matches are ranked and kept per search (a results page shows ten; the
# count says "more than" beyond). Overridable with WAGTAILSEARCH_BACKENDS[...]["MAX_RANKED"];
# 0 leaves the ranking to the backend (for comparison in bench/search_relevance.py).
MAX_RANKED = 500


class RankedSearchResults:
    """Search results read from one ranking query per search.

    The database backends run the full-text match and score every matching row once for the
    count, again for the page (and the site search a third time to see whether anything
    matched at all); SQLite scores each row in a correlated subquery that runs the match again.
    Here one query returns the primary keys and scores of the best ``MAX_RANKED`` matches,
    best first, kept on the query compiler that every slice of the results shares; the count is
    its length, a page is a slice of it, and the page's objects are fetched by primary key. The
    order and the scores are the backend's own (same rank expression, same tie-break).

    The compiler's ``ranking(config, limit)`` gives ``[(pk, score)]``, or None when it cannot
    rank (a query that matches everything, an ordering other than relevance): then the
    backend's own results are used.
    """

    def _ranking(self):
        compiler = self.query_compiler
        if not hasattr(compiler, "_ranking"):
            limit = self.backend.max_ranked
            ranking = compiler.ranking(compiler.get_config(self.backend), limit + 1) if limit else None
            compiler._capped = ranking is not None and len(ranking) > limit
            compiler._ranking = ranking[:limit] if ranking is not None else None
        return compiler._ranking

    @property
    def capped(self):
        """Whether more matches exist than were ranked: the count is then "more than" it."""
        self._ranking()
        return self.query_compiler._capped

    def _do_count(self):
        ranking = self._ranking()
        return super()._do_count() if ranking is None else len(ranking)

    def _do_search(self):
        ranking = self._ranking()
        if ranking is None:
            return super()._do_search()
        ranking = ranking[self.start : self.stop]
        found = self.query_compiler.queryset.order_by().in_bulk([pk for pk, _score in ranking])
        results = []
        for pk, score in ranking:
            obj = found.get(pk)
            if obj is None:  # gone since the ranking query
                continue
            if self._score_field:
                setattr(obj, self._score_field, score)
            results.append(obj)
        return results


class RankingBackendMixin:
    def __init__(self, params):
        super().__init__(params)
        self.max_ranked = int(params.get("MAX_RANKED", MAX_RANKED))
