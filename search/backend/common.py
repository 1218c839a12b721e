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


