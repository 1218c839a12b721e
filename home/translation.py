"""The English tree kept in step with the Chinese one, through wagtail-localize's locale
synchronization (``LocaleSynchronization``, the "Sync from" setting of a locale).

With the setting, every page of the source locale has a counterpart in the synced locale:
an alias (same content, kept up to date by Wagtail on each publish) until a translator
translates it, when wagtail-localize turns the alias into a real translation. Pages created
in the admin get their aliases from wagtail-localize's ``after_create_page`` hook; pages made
by code (``seed_demo``, the importer's bulk writes, cases' answer pages) by ``sync_missing``,
run after every ``migrate``, after bulk content changes and by ``manage.py sync_locale_trees``.
Moves and deletions cascade to the synced locales through ``cascade_pages`` (the admin's
``construct_translated_pages_to_cascade_actions`` hook, in ``home/wagtail_hooks.py``).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils.translation import get_supported_language_variant
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import synchronize_tree

logger = logging.getLogger(__name__)


def default_language():
    """The default content language's code (``zh-hans``), without a query."""
    return get_supported_language_variant(settings.LANGUAGE_CODE)


def ensure_synchronization():
    """Every other content language that has a locale syncs from the default one.

    Creating the setting makes wagtail-localize synchronise the whole tree at once (its
    ``post_save`` receiver). Returns the number of settings created.
    """
    default = Locale.objects.filter(language_code=default_language()).first()
    if default is None:
        return 0
    created = 0
    for locale in Locale.objects.exclude(pk=default.pk):
        if not LocaleSynchronization.objects.filter(locale=locale).exists():
            LocaleSynchronization.objects.create(locale=locale, sync_from=default)
            created += 1
    if created:
        _new_roots()
    return created


def _new_roots():
    # A home page made for a locale is a new site root path: Wagtail forgets its cached list
    # only when a Site is saved.
    Site.clear_site_root_paths_cache()


def _missing(sync):
    """Pages of ``sync``'s source locale with no page (alias or translation) in its locale."""
    present = Page.objects.filter(locale_id=sync.locale_id).values("translation_key")
    # Aliases within the source locale are not synchronised by wagtail-localize: leave them out.
    source = Page.objects.filter(locale_id=sync.sync_from_id, depth__gt=1, alias_of__isnull=True)
    return source.exclude(translation_key__in=present)


def sync_missing():
    """Create the aliases that synced locales lack; one query per setting when nothing is missing.

    wagtail-localize's ``synchronize_tree`` does the work (aliases, parents first); it is only
    called when a page is missing, because it reads the whole tree. Returns the number of
    locales synchronised.
    """
    synced = 0
    for sync in LocaleSynchronization.objects.select_related("locale", "sync_from"):
        if _missing(sync).exists():
            with transaction.atomic():
                synchronize_tree(sync.sync_from, sync.locale)
            synced += 1
    if synced:
        _new_roots()
    return synced


def sync_after_migrate(**kwargs):
    """``post_migrate``: an existing site gets its synced locales filled on the next ``migrate``."""
    try:
        sync_missing()
    except Exception:  # never fail a migrate over content; sync_locale_trees retries
        logger.exception("Could not synchronise the locale trees after migrate")


def sync_after_bulk_change(sender=None, **kwargs):
    """``grid_pages.signals.content_changed``: pages written in bulk (the importer) get their aliases."""
    if isinstance(sender, type) and issubclass(sender, Page):
        sync_missing()


def cascade_pages(pages, action):
    """The counterparts of ``pages`` in the locales synced from theirs, for the admin to move,
    delete or unpublish with them (aliases and translations alike: the trees mirror each other)."""
    if not pages:
        return {}
    synced = {}
    for sync in LocaleSynchronization.objects.all():
        synced.setdefault(sync.sync_from_id, set()).add(sync.locale_id)
    pages = [page for page in pages if page.locale_id in synced]
    if not pages:
        return {}
    # All counterparts in one query (a move or delete may name a whole subtree).
    counterparts = {}
    for other in Page.objects.filter(
        translation_key__in={page.translation_key for page in pages},
        locale_id__in=set().union(*synced.values()),
    ).order_by("path"):
        counterparts.setdefault(other.translation_key, []).append(other)
    return {
        page: [
            other
            for other in counterparts.get(page.translation_key, [])
            if other.locale_id in synced[page.locale_id] and other.pk != page.pk
        ]
        for page in pages
    }


def untranslated_pages(locale=None):
    """Pages of non-default locales that still show another locale's text (aliases), in tree order."""
    pages = Page.objects.filter(alias_of__isnull=False).exclude(locale__language_code=default_language())
    if locale is not None:
        pages = pages.filter(locale=locale)
    return pages.select_related("locale", "alias_of").order_by("path")
