"""Writes that change public pages bump the generation.

Every model save, delete and many-to-many change does, except those of
GRID_PAGES_PAGECACHE_IGNORE_MODELS and the writes no public page shows (``unseen``: a
login's ``last_login``, an editor's draft); those of GRID_PAGES_PAGECACHE_VOLATILE_MODELS
bump it without the content generation (``generation``); so do
Wagtail's page signals and ``grid_pages.signals.content_changed``, which bulk
writers (``QuerySet.update``, ``bulk_create``) send. The bump happens at once and
again when the transaction commits: at once so that the writing process (and tests
inside a transaction) never read their own stale copy, on commit so that a page
rendered from the old rows meanwhile is not kept.
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import COMMENTS_RELATION_NAME, DraftStateMixin, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..signals import content_changed
from . import conf, generation, moments, store

_ignored = None
_volatile = None


def ignored_models():
    global _ignored
    if _ignored is None:
        _ignored = frozenset(label.lower() for label in conf.get("IGNORE_MODELS"))
    return _ignored


def volatile_models():
    global _volatile
    if _volatile is None:
        _volatile = frozenset(label.lower() for label in conf.get("VOLATILE_MODELS"))
    return _volatile


def _on_commit_bump():
    generation.bump()


def _on_commit_bump_pages():
    generation.bump(content=False)


def changed(using=DEFAULT_DB_ALIAS, content=True):
    """Invalidate every cached page: now, and once more when the current transaction commits;
    with ``content`` (any write but a volatile model's), what the processes keep of the whole
    site too (``generation.content``)."""
    generation.bump(content)
    connection = connections[using]
    on_commit = _on_commit_bump if content else _on_commit_bump_pages
    if connection.in_atomic_block and not any(
        callback is on_commit for _sids, callback, _robust in connection.run_on_commit
    ):
        transaction.on_commit(on_commit, using=using, robust=True)


# What ``save_revision`` writes on a page or a snippet with drafts: nothing a visitor sees.
DRAFT_FIELDS = frozenset(
    ("latest_revision", "latest_revision_created_at", "draft_title", "has_unpublished_changes", COMMENTS_RELATION_NAME)
)


def unseen(instance, update_fields):
    """A write no public page shows: a login's ``last_login``, or an editor's draft (saved or
    submitted to moderation: the revision, then the page's or snippet's draft fields).
    Publishing goes through ``page_published`` or a full save, and a revision scheduled to go
    live bumps (the time-driven moments read it)."""
    if isinstance(instance, Revision):
        return instance.approved_go_live_at is None
    if update_fields is None:
        return False
    fields = set(update_fields)
    return fields == {"last_login"} or (isinstance(instance, DraftStateMixin) and fields <= DRAFT_FIELDS)


def model_changed(sender, instance=None, using=DEFAULT_DB_ALIAS, update_fields=None, **kwargs):
    label = sender._meta.label_lower
    if label in ignored_models() or unseen(instance, update_fields):
        return
    changed(using, content=label not in volatile_models())


def page_changed(sender, instance=None, **kwargs):
    changed()


def bulk_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    changed(using)


def connect():
    post_save.connect(model_changed, dispatch_uid="grid_pagecache_save")
    post_delete.connect(model_changed, dispatch_uid="grid_pagecache_delete")
    m2m_changed.connect(m2m, dispatch_uid="grid_pagecache_m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_changed, dispatch_uid=f"grid_pagecache_{id(signal)}")
    content_changed.connect(bulk_changed, dispatch_uid="grid_pagecache_content_changed")


def m2m(sender, instance=None, action="", using=DEFAULT_DB_ALIAS, **kwargs):
    if action.startswith("post_") and sender._meta.label_lower not in ignored_models():
        changed(using)


def clear():
    """Drop this process's copies and start a new generation (tests, ``manage.py`` tasks)."""
    store.clear()
    moments.forget()
    generation.bump()
