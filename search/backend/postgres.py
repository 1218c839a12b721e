"""The segmenting backend on PostgreSQL."""

from modelsearch.backends.database.postgres import postgres as pg

from .common import SegmentingIndexer, language_of, learn_names, segmented_query


BATCH = 500
UPSERT = """
    INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
    (VALUES {rows})
    ON CONFLICT (content_type_id, object_id)
    DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, autocomplete = EXCLUDED.autocomplete,
                  body = EXCLUDED.body, title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text
"""


class PostgresObjectIndexer(SegmentingIndexer, pg.ObjectIndexer):
    pass


class PostgresIndex(pg.PostgresIndex):
    def add_items(self, model, objs):
        # PostgresIndex.add_items builds its indexers from its module's ObjectIndexer, so this
        # writes the same rows itself, as it does: one upsert (on content type and object id)
        # per batch of objects, not one per object.
        if not model.get_search_fields():
            return
        objs = list(objs)
        learn_names(objs)
        content_type_pk = pg.get_content_type_pk(model)
        compiler = pg.InsertQuery(pg.IndexEntry).get_compiler(connection=self.write_connection)
        segmented = {}
        vector_fields = [pg.IndexEntry._meta.get_field(name) for name in ("title", "autocomplete", "body")]
        for start in range(0, len(objs), BATCH):
            rows, params = [], []
            for obj in objs[start : start + BATCH]:
                with language_of(obj):
                    indexer = PostgresObjectIndexer(obj, self.backend)
                    indexer.segmented = segmented
                    params += [content_type_pk, indexer.id]
                    vectors = []
                    for field, value in zip(vector_fields, (indexer.title, indexer.autocomplete, indexer.body)):
                        sql, vector_params = compiler.prepare_value(field, value).as_sql(compiler, self.write_connection)
                        vectors.append(sql)
                        params += vector_params
                    params += [indexer.title_text, indexer.body_text]
                rows.append("(%s, %s, {}, {}, {}, 1.0, %s, %s)".format(*vectors))
            with self.write_connection.cursor() as cursor:
                cursor.execute(UPSERT.format(table=pg.IndexEntry._meta.db_table, rows=", ".join(rows)), params)
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
