"""Fresh planner statistics after a bulk import, on PostgreSQL.

PostgreSQL plans from per-table statistics that autovacuum refreshes only some time after a
bulk write (a minute or more). Just after an import of thousands of rooms the planner still
believes the grid has a handful of rows and picks nested loops: the search page's room lookup
took 368 ms on a fresh 4,000-room campus, 4.1 ms once analysed (EXPLAIN ANALYZE, docs/performance.md). ANALYZE
reads a bounded sample of each table, so it costs about the same whatever the campus's size.
SQLite plans without gathered statistics unless ANALYZE was ever run, so nothing is done there.
"""

from django.apps import apps
from django.db import connection, transaction

# Tables an import writes besides its apps' own: pages, revisions and logs, the search index.
WAGTAIL_TABLES = ("wagtailcore_page", "wagtailcore_revision", "wagtailcore_pagelogentry", "wagtailcore_referenceindex")


def grid_tables():
    tables = set(WAGTAIL_TABLES)
    for config in apps.get_app_configs():
        if config.name == "grid_pages" or config.name.startswith("grid_pages."):
            tables.update(model._meta.db_table for model in config.get_models() if model._meta.managed)
    if apps.is_installed("wagtail.search"):
        tables.add(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    return sorted(tables)


def analyze_now():
    """ANALYZE the grid's tables (PostgreSQL only); tables not created (yet) are left out."""
    if connection.vendor != "postgresql":
        return
    existing = set(connection.introspection.table_names())
    tables = [table for table in grid_tables() if table in existing]
    if tables:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))


def analyze_after_commit():
    """Once the import's transaction has committed (ANALYZE would hold its locks until then)."""
    transaction.on_commit(analyze_now)
