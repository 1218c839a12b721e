"""Keep the search index in step with content shown on pages but stored elsewhere."""

from django.conf import settings
from django.db.models import Q
from modelsearch.index import insert_or_update_object

from grid_pages.importer.indexing import index_later


def reindex_published_page(sender, instance, **kwargs):
    """Index a page again once published: its inline rows (rooms, people) are saved after
    the page row, so the index entry written on the page's post_save missed their changes.
    Inside an import's deferred indexing the page is indexed once, at the import's end."""
    page = instance.specific
    if not index_later(page):
        insert_or_update_object(page)


def pages_showing_staff(staff):
    """Live pages that show ``staff`` in a grid role or as a room head, at most SEARCH_REINDEX_LIMIT."""
    from wagtail.models import Page

    limit = getattr(settings, "SEARCH_REINDEX_LIMIT", 500)
    shown = Q(grid_assignments__staff=staff) | Q(grid_rooms__head=staff)
    ids = Page.objects.filter(shown).values_list("pk", flat=True).distinct().order_by("pk")[:limit]
    return Page.objects.filter(pk__in=list(ids)).specific()


def reindex_pages_of_staff(sender, instance, created=False, raw=False, **kwargs):
    if created or raw:
        return
    for page in pages_showing_staff(instance):
        insert_or_update_object(page)
