"""Create and publish an import's pages in bulk, with the effects of Wagtail's publish.

Wagtail publishes one page with ``save_revision().publish()``: three saves of the page, each
validated with ``full_clean``, a revision, a log entry, ``page_published``, the page's comments,
aliases and workflow: about 85 queries a page. An import builds and checks its pages itself, so
it writes the same rows in a few statements for many pages at once:

* ``insert_pages`` puts new pages under their parent (tree paths and slugs worked out once per
  parent), already live, without ``full_clean`` (the plan checked every value);
* ``publish_pages`` gives each page one revision read from its rows as they are in the database,
  makes it the live and latest revision, writes one ``wagtail.publish`` log entry by the importing
  user and sends ``page_published``, as Wagtail does.

A page whose publish Wagtail would treat specially (an alias to update, a workflow in progress to
cancel, comments to re-anchor, a publication scheduled for later) goes through Wagtail's own path.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.models import Comment, PageLogEntry, Revision, WorkflowState
from wagtail.signals import page_published

from grid_pages.slugs import page_slug_base, unique_slug

from .indexing import index_later

BATCH = 500


def insert_pages(parent, pages, user=None):
    """Add ``pages`` (unsaved specific pages) as the last children of ``parent``, live and unvalidated.

    What ``add_child`` and ``Page.save`` would do, less the per-page queries: the parent's children
    are read once (none when the parent is new), readable ASCII slugs (``grid_pages.slugs``: the
    floor's or building's number, the community's name in pinyin) are made unique among them as
    Wagtail numbers its own (``3``, ``3-2``), and the parent's child count is raised once. Each page row is still inserted with
    ``save`` (multi-table pages), so ``post_save`` runs as for any new page; the
    ``wagtail.create`` log entries are written together.
    """
    if not pages:
        return
    model = type(parent)
    siblings = list(parent.get_children().values_list("path", "slug")) if parent.numchild else []
    step = model._str2int(max(path for path, _ in siblings)[-model.steplen :]) if siblings else 0
    slugs = {slug for _, slug in siblings}
    now = timezone.now()
    for page in pages:
        step += 1
        page.depth = parent.depth + 1
        page.path = model._get_path(parent.path, page.depth, step)
        page.numchild = 0
        page.slug = unique_slug(page_slug_base(page), slugs)
        page.draft_title = page.title
        page.locale_id = parent.locale_id
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = page.latest_revision_created_at = now
        page._cached_parent_obj = parent  # set_url_path() reads the parent without a query
        page._is_site_root = False  # under the site root, never a root itself
        page.save(clean=False, log_action=None)
        for relation in get_all_child_relations(page):  # a new page has no rows yet: none to read back
            setattr(page, relation.get_accessor_name(), [])
    model.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    log(pages, "wagtail.create", user)


def log(pages, action, user=None, revisions=None):
    """One log entry of ``action`` per page, as ``wagtail.log_actions.log`` writes them, in one INSERT."""
    context = get_active_log_context()
    PageLogEntry.objects.bulk_create(
        [
            PageLogEntry(
                content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
                label=page.get_admin_display_title(),
                action=action,
                timestamp=timezone.now(),
                data={},
                user=user or context.user,
                uuid=context.uuid,
                revision=revision,
                content_changed=True,
                page=page,
            )
            for page, revision in zip(pages, revisions or [None] * len(pages))
        ],
        batch_size=BATCH,
    )


def needs_wagtail_publish(pages, new=()):
    """The pages among ``pages`` that Wagtail's own publish must handle (see the module's docstring).

    ``new`` holds the primary keys of pages this import created: none of that can apply to them.
    """
    now = timezone.now()
    special = {p.pk for p in pages if p.go_live_at and p.go_live_at > now}
    existing = [p for p in pages if p.pk not in new and p.pk not in special]
    if existing:
        model = existing[0].base_page_model
        pks = [p.pk for p in existing]
        special.update(model.objects.filter(alias_of__in=pks).values_list("alias_of_id", flat=True))
        special.update(Comment.objects.filter(page__in=pks).values_list("page_id", flat=True))
        states = WorkflowState.objects.active().filter(
            base_content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in pks]
        )
        special.update(int(pk) for pk in states.values_list("object_id", flat=True))
    return special


def publish_pages(pages, user=None, progress=None):
    """Publish ``pages`` (saved specific pages whose inline rows are written) with one new revision each.

    The revision holds the page and its inline rows: rows held in memory (a new page's, see
    ``insert_pages``) as they are, the others as they are now in the database, read for all pages
    at once.
    ``progress(done, total)`` is called as pages are published.
    """
    if not pages:
        return
    now = timezone.now()
    model = pages[0].base_page_model
    base_type = ContentType.objects.get_for_model(model)
    # Rows not held in memory (an existing page's) are read for all pages of a kind at once.
    unread = {}
    for page in pages:
        held = getattr(page, "_cluster_related_objects", {})
        names = tuple(r.get_accessor_name() for r in get_all_child_relations(page) if r.get_accessor_name() not in held)
        if names:
            unread.setdefault(names, []).append(page)
    for names, group in unread.items():
        prefetch_related_objects(group, *names)
    for page in pages:
        page.live, page.has_unpublished_changes, page.expired = True, False, False
        page.draft_title = page.title
        page.latest_revision_created_at = page.last_published_at = now
        page.first_published_at = page.first_published_at or now
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=ContentType.objects.get_for_model(page),
                base_content_type=base_type,
                object_id=str(page.pk),
                created_at=now,
                user=user,
                content=page.serializable_data(),
                object_str=str(page),
            )
            for page in pages
        ],
        batch_size=BATCH,
    )
    for page, revision in zip(pages, revisions):
        page.latest_revision = page.live_revision = revision
    # The revision differs per page (one CASE); the rest is the same for all, or read from the row.
    model.objects.bulk_update(pages, ["latest_revision"], batch_size=BATCH)
    model.objects.filter(pk__in=[p.pk for p in pages]).update(
        live=True,
        has_unpublished_changes=False,
        expired=False,
        draft_title=F("title"),
        live_revision=F("latest_revision"),
        latest_revision_created_at=now,
        last_published_at=now,
        first_published_at=Coalesce("first_published_at", now),
    )
    # Publishing clears the schedule of every older revision (none on a page created just now).
    Revision.objects.filter(
        base_content_type=base_type, object_id__in=[str(p.pk) for p in pages], approved_go_live_at__isnull=False
    ).update(approved_go_live_at=None)
    log(pages, "wagtail.publish", user, revisions)
    for done, (page, revision) in enumerate(zip(pages, revisions), 1):
        index_later(page)
        page_published.send(sender=type(page), instance=page, revision=revision)
        if progress:
            progress(done, len(pages))
