"""The segmenting backend on PostgreSQL."""

from modelsearch.backends.database.postgres import postgres as pg

from .common import SegmentingIndexer, language_of, learn_names, segmented_query


class PostgresObjectIndexer(SegmentingIndexer, pg.ObjectIndexer):
    pass


class PostgresIndex(pg.PostgresIndex):
    def add_items(self, model, objs):
        # PostgresIndex.add_items builds its indexers from its module's ObjectIndexer,
        # so this writes the same row (upsert on content type and object id) itself.
        if not model.get_search_fields():
            return
        learn_names(objs)
        content_type_pk = pg.get_content_type_pk(model)
        entries = pg.IndexEntry._default_manager.using(self.write_connection.alias)
        for obj in objs:
            with language_of(obj):
                indexer = PostgresObjectIndexer(obj, self.backend)
                values = {
                    "title": indexer.title,
                    "autocomplete": indexer.autocomplete,
                    "body": indexer.body,
                    "title_norm": 1.0,
                    "title_text": indexer.title_text,
                    "body_text": indexer.body_text,
                }
                entries.update_or_create(content_type_id=content_type_pk, object_id=indexer.id, defaults=values)
        self._refresh_title_norms()


class PostgresQueryCompiler(pg.PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        return super().build_tsquery_content(segmented_query(query), config=config, invert=invert)


class PostgresAutocompleteQueryCompiler(pg.PostgresAutocompleteQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        return super().build_tsquery_content(segmented_query(query), config=config, invert=invert)


class PostgresSearchBackend(pg.PostgresSearchBackend):
    index_class = PostgresIndex
    query_compiler_class = PostgresQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler

    def __init__(self, params):
        # 'simple': no English stemming of pinyin or of words jieba already cut.
        params = {"SEARCH_CONFIG": "simple", **params}
        super().__init__(params)


SearchBackend = PostgresSearchBackend
