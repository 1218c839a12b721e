"""The segmenting backend on SQLite (FTS5)."""

from modelsearch.backends.database.sqlite import sqlite as lite

from .common import SegmentingIndexer, language_of, learn_names, segmented_query


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


class SQLiteQueryCompiler(lite.SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(segmented_query(query), config=config)


class SQLiteAutocompleteQueryCompiler(lite.SQLiteAutocompleteQueryCompiler):
    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(segmented_query(query), config=config)


class SQLiteSearchBackend(lite.SQLiteSearchBackend):
    index_class = SQLiteIndex
    query_compiler_class = SQLiteQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler


SearchBackend = SQLiteSearchBackend
