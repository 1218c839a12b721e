"""The segmenting backend on PostgreSQL."""

from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.query import Fuzzy, MatchAll, Not

from .common import RankedSearchResults, RankingBackendMixin, SegmentingIndexer, language_of, learn_names, segmented_query


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


class RankingMixin:
    def ranking(self, config, limit):
        """``[(pk, score)]`` of the best ``limit`` matches, best first: the backend's own match
        and rank (``search``) returning keys and scores only, once per search (see common.py)."""
        if not self.order_by_relevance or isinstance(self.query, (MatchAll, Not, Fuzzy)):
            return None
        search_query = self.build_tsquery(self.query, config=config)
        vectors = self.get_search_vectors(search_query)
        score = self._build_rank_expression(vectors, config)
        combined = vectors[0][0]
        for vector, _boost in vectors[1:]:
            combined = combined._combine(vector, "||", False)
        rows = (
            self.queryset.order_by()
            .annotate(_vector_=combined)
            .filter(_vector_=search_query)
            .annotate(_score_=score)
            .order_by("-_score_", "-pk")
            .values_list("pk", "_score_")[:limit]
        )
        return list(rows)


class PostgresQueryCompiler(RankingMixin, pg.PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        return super().build_tsquery_content(segmented_query(query), config=config, invert=invert)


class PostgresAutocompleteQueryCompiler(RankingMixin, pg.PostgresAutocompleteQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        return super().build_tsquery_content(segmented_query(query), config=config, invert=invert)


class PostgresSearchResults(RankedSearchResults, pg.PostgresSearchResults):
    pass


class PostgresSearchBackend(RankingBackendMixin, pg.PostgresSearchBackend):
    index_class = PostgresIndex
    results_class = PostgresSearchResults
    query_compiler_class = PostgresQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler

    def __init__(self, params):
        # 'simple': no English stemming of pinyin or of words jieba already cut.
        params = {"SEARCH_CONFIG": "simple", **params}
        super().__init__(params)


SearchBackend = PostgresSearchBackend
