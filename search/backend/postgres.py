"""The segmenting backend on PostgreSQL."""

from modelsearch.backends.database.postgres import postgres as pg
from modelsearch.query import Fuzzy, MatchAll, Not

from .common import RankedSearchResults, RankingBackendMixin, SegmentingIndexer, language_of, learn_names, segmented_query


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
