"""Wagtail's database search backend, taught to segment Chinese.

FTS5's unicode61 tokenizer and PostgreSQL's parser keep a run of Chinese
characters as one token, so 报修 is not found in 学生宿舍报修申请. These
subclasses segment with jieba (``search.segment``) on both sides:

* index: every value a model's ``search_fields`` yield is stored as
  space-separated words (``ObjectIndexer.prepare_value``), read in the
  language of the object's locale so choice labels index as 层长 or Floor head;
* query: a plain-text query is cut the same way into words that must all match.

Models keep declaring ``search_fields``; nothing here knows about grid pages.
Select it with ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}``.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection


def SearchBackend(params):
    """The segmenting backend for the default database: SQLite with FTS5, or PostgreSQL.

    Imported lazily: each module reads models that exist on its own database only.
    """
    if connection.vendor == "postgresql":
        from .postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from .sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    raise ImproperlyConfigured("search.backend supports SQLite and PostgreSQL; use Elasticsearch elsewhere.")
