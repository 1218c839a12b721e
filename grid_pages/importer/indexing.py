"""Search indexing of the pages an import writes: once per page at the end, not at every save.

modelsearch indexes a page on each ``post_save``; creating and publishing one floor saves it
three times, and each indexing segments every room and person on it. Inside
``deferred_search_index()`` those saves only note the page; the block indexes each noted page
once, in bulk per model, when it ends without an error. Outside the block (and in other threads
or requests, the flag being a context variable) indexing happens as before.
"""

import threading
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Prefetch
from django.db.models.signals import post_save
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler

from grid_pages.conf import get_building_model, get_community_model, get_floor_model
from grid_pages.models import FloorPageMixin, GridAssignment, Room

_pending = ContextVar("grid_importer_pending_index", default=None)
_installed = set()
_lock = threading.Lock()


def rows_with_people(model):
    """Prefetches for indexing a grid page: its inline rows with the people they name."""
    lookups = [Prefetch("grid_assignments", GridAssignment.objects.select_related("staff"))]
    if issubclass(model, FloorPageMixin):
        lookups.append(Prefetch("grid_rooms", Room.objects.select_related("head")))
    return lookups


def index_later(instance):
    """Note ``instance`` to be indexed at the end of the current ``deferred_search_index()`` block.

    Returns False, noting nothing, outside such a block or for a model the block does not defer:
    the caller then indexes as usual (the search app's re-index on ``page_published`` does).
    """
    pending = _pending.get()
    if pending is None or type(instance) not in pending:
        return False
    pending[type(instance)].add(instance.pk)
    return True


def _index_unless_deferred(sender, instance, **kwargs):
    if not kwargs.get("raw") and not index_later(instance):
        post_save_signal_handler(instance, **kwargs)


def _install(models):
    # modelsearch connects its handler in its ready(), after this app's; so the swap is done on
    # first use, once per model, and only where modelsearch's handler is connected.
    with _lock:
        for model in models:
            if model in _installed:
                continue
            if post_save.disconnect(post_save_signal_handler, sender=model):
                post_save.connect(_index_unless_deferred, sender=model, dispatch_uid=f"grid_importer_index_{model._meta.label}")
            _installed.add(model)


@contextmanager
def deferred_search_index(models=None):
    """Index the pages of ``models`` (default: the grid's page models) saved in the block once
    each, at its end."""
    if models is None:
        models = (get_community_model(), get_building_model(), get_floor_model())
    _install(models)
    pending = {model: set() for model in models}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for model, pks in pending.items():
        if not pks:
            continue
        # The locale too: the search backend indexes each page in its language.
        objects = list(model.objects.filter(pk__in=pks).select_related("locale").prefetch_related(*rows_with_people(model)))
        if objects:
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, objects)
