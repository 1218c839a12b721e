"""The segmenting backend on SQLite (FTS5)."""

from django.db.models import IntegerField, Subquery
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite import sqlite as lite
from modelsearch.backends.database.sqlite.query import normalize
from modelsearch.query import MatchAll, Not

from .common import RankedSearchResults, RankingBackendMixin, SegmentingIndexer, language_of, learn_names, segmented_query


class SQLiteObjectIndexer(SegmentingIndexer, lite.ObjectIndexer):
    pass


class SQLiteIndex(lite.SQLiteIndex):
    def add_items(self, model, objs):
        # Same as SQLiteIndex.add_items, with the segmenting indexer.
        if not model.get_search_fields():
            return
        learn_names(objs)
        rows, segmented = {}, {}
        for obj in objs:
            with language_of(obj):
                indexer = SQLiteObjectIndexer(obj, self.backend)
                indexer.segmented = segmented
                rows[indexer.id] = (indexer.title, indexer.autocomplete, indexer.body)
        if not rows:
            return
        content_type_pk = lite.get_content_type_pk(model)
        entries = self.entries.filter(content_type_id=content_type_pk)
        existing = set(entries.filter(object_id__in=rows).values_list("object_id", flat=True))
        for object_id in existing:
            title, autocomplete, body = rows[object_id]
            entries.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
        self.entries.bulk_create(
            lite.IndexEntry(
                content_type_id=content_type_pk, object_id=object_id, title=title, autocomplete=autocomplete, body=body
            )
            for object_id, (title, autocomplete, body) in rows.items()
            if object_id not in existing
        )
        self._refresh_title_norms()


class RankingMixin:
    def ranking(self, config, limit):
        """``[(pk, score)]`` of the best ``limit`` matches, best first, in one query driven by
        the full-text index (bm25 computed once per matching row), or None (see common.py)."""
        query = normalize(self.query)
        if not self.order_by_relevance or isinstance(query, (MatchAll, Not)):
            return None
        model = self.queryset.model
        match = lite.MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config))
        score = self._build_rank_expression(self.get_search_vectors(), config)
        object_id = "index_entry__object_id"
        # Ties as the backend breaks them: -pk (object_id is text: "10" < "9").
        tie = Cast(object_id, IntegerField()).desc() if isinstance(model._meta.pk, IntegerField) else f"-{object_id}"
        rows = (
            lite.SQLiteFTSIndexEntry.objects.filter(match)
            .filter(
                index_entry__content_type__in=lite.get_descendants_content_types_pks(model),
                index_entry__object_id__in=Subquery(self.queryset.order_by().values("pk")),
            )
            .annotate(score=score)
            .order_by("score", tie)
            .values_list(object_id, "score")[:limit]
        )
        to_pk = model._meta.pk.to_python
        return [(to_pk(pk), value) for pk, value in rows]


class SQLiteQueryCompiler(RankingMixin, lite.SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(segmented_query(query), config=config)


class SQLiteAutocompleteQueryCompiler(RankingMixin, lite.SQLiteAutocompleteQueryCompiler):
    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(segmented_query(query), config=config)


class SQLiteSearchResults(RankedSearchResults, lite.SQLiteSearchResults):
    pass


class SQLiteSearchBackend(RankingBackendMixin, lite.SQLiteSearchBackend):
    index_class = SQLiteIndex
    results_class = SQLiteSearchResults
    query_compiler_class = SQLiteQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler


SearchBackend = SQLiteSearchBackend
