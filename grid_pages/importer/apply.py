"""Write a checked Plan: one transaction, one new published revision per page that changes.

Rooms and grid assignments are inline rows of their page. Publishing a page through
modelcluster saves each row one by one (with its signals), and Wagtail's publish saves each
page three times; so an import writes all rows in bulk first (a few INSERTs and UPDATEs for the
whole file), creates new pages already live (``publishing.insert_pages``) and publishes every
changed page with a revision read back from its rows (``publishing.publish_pages``). The number
of queries grows with pages (communities, buildings, floors), not with rooms or people.
"""

from django.db import transaction
from django.db.models import F, prefetch_related_objects
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from grid_pages.conf import get_building_model, get_community_model, get_floor_model
from grid_pages.models import GridAssignment, Room, StaffMember
from grid_pages.plaques.models import Plaque
from grid_pages.signals import assignments_changed, content_changed

from .indexing import deferred_search_index, rows_with_people
from .plan import building_number, community_short_name
from .publishing import insert_pages, needs_wagtail_publish, publish_pages

ROOMS = "grid_rooms"
ASSIGNMENTS = "grid_assignments"
BATCH = 500


class PlanHasErrors(Exception):
    pass


def publish(page, user=None, *, written=()):
    """Publish ``page`` as it is in memory (fields and inline rows) as a new revision, through Wagtail.

    ``written`` names child relations whose rows are already in the database exactly as
    the revision holds them: the publish leaves them alone instead of saving every row again.
    """
    revision = page.save_revision(user=user)
    # The publish rebuilds the page from the revision (checking every row's foreign keys, one
    # query each) and saves every row again; without the written relations it does neither.
    content = revision.content
    revision.content = {key: value for key, value in content.items() if key not in written}
    action = PublishPageRevisionAction(revision, user=user)
    revision.content = content
    if written:  # the page is indexed again once published: with its rows' people in one query
        prefetch_related_objects([action.object], *(p for p in rows_with_people(type(page)) if p.prefetch_to in written))
    action.execute()


def _update_reference_index(touched):
    # Wagtail re-indexes a whole page on every save of each of its rows; once per page at the
    # end is the same result.
    for model, pks in _group(touched).items():
        if ReferenceIndex.is_indexed(model):
            rows = [relation.get_accessor_name() for relation in get_all_child_relations(model)]
            for page in model.objects.filter(pk__in=pks).prefetch_related(*rows):
                ReferenceIndex.create_or_update_for_object(page)


def _group(touched):
    groups = {}
    for pk, model in touched.items():
        groups.setdefault(model, []).append(pk)
    return groups


def apply_plan(plan, user=None, progress=None):
    """Write ``plan`` all or nothing. ``progress(done, total)`` is called as pages are published.

    Rows written in bulk send no model signals, so once the transaction commits
    ``content_changed`` tells caches (the page cache) to drop what they hold.
    """
    if plan.errors:
        raise PlanHasErrors
    touched = {}  # page pk -> model, for the reference index
    with transaction.atomic():
        with disable_reference_index_auto_update(), deferred_search_index():
            if plan.kind == "grid":
                _apply_grid(plan, user, progress or (lambda done, total: None), touched)
            else:
                _apply_staff(plan, user, progress or (lambda done, total: None), touched)
        _update_reference_index(touched)
        # After the commit: a cache refilled before it would keep the old rows.
        for model in (Room, Plaque) if plan.kind == "grid" else (StaffMember, Room):
            transaction.on_commit(lambda model=model: content_changed.send(sender=model))


def _apply_grid(plan, user, progress, touched):
    created, changed, floors = [], [], []
    new = [c for c in plan.communities.values() if c.page is None]
    for community in new:
        community.page = get_community_model()(title=community.title, short_name=community_short_name(community.title))
    created += _insert(plan.root, new, user)
    for community in plan.communities.values():
        new = [b for b in community.buildings.values() if b.page is None]
        for building in new:
            building.page = get_building_model()(
                title=building.title, short_number=building_number(building.title), college=building.college or ""
            )
        created += _insert(community.page, new, user)
        for building in community.buildings.values():
            if not any(b is building for b in new) and building.college is not None:
                building.page.college = building.college
                building.page.save(update_fields=["college"], clean=False)
                changed.append(building.page)
            new_floors = [f for f in building.floors.values() if f.page is None]
            for floor in new_floors:
                floor.page = get_floor_model()(title=f"{floor.number}层", number=floor.number)
            created += _insert(building.page, new_floors, user)
            floors += [f for f in building.floors.values() if any(r.changed for r in f.rooms.values())]
    _write_rooms(floors)
    _put_up(plan)
    _publish_all(created + changed + [f.page for f in floors], user, progress, touched, {p.pk for p in created})


def _insert(parent, nodes, user):
    pages = [node.page for node in nodes]
    insert_pages(parent, pages, user)
    return pages


def _put_up(plan):
    plaques = []
    for community in plan.communities.values():
        for building in community.buildings.values():
            # The label describe_room() would give, from titles already in memory.
            label = f"{community.page.title} · {building.page.title} · "
            plaques += [
                Plaque(
                    room=node.room, kind=node.plaque, since=timezone.localdate(), commitment="",
                    room_label=(label + node.number)[:200],
                )
                for floor in building.floors.values()
                for node in floor.rooms.values()
                if node.plaque
            ]
    if not plaques:
        return
    plaques = Plaque.objects.bulk_create(plaques, batch_size=BATCH)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Plaque, plaques)


def _write_rooms(floors):
    """Write the new and changed rooms of ``floors`` in bulk: an INSERT or an UPDATE per 500 rooms.

    A new floor holds its rooms in memory for its revision; an existing one reads them back.
    """
    new, changed = [], {}  # changed: the fields written -> rooms (a staff file changes heads only)
    for floor in floors:
        nodes = list(floor.rooms.values())
        added = []
        next_order = max((r.room.sort_order or 0 for r in nodes if r.room), default=0) + 1
        for node in nodes:
            if node.room is None:  # new rooms go after the existing ones, in file order
                node.room = Room(floor_id=floor.page.pk, number=node.number, sort_order=next_order, beds=node.beds)
                next_order += 1
                if node.head is not None:
                    node.room.head = node.head.member
                added.append(node.room)
            elif node.beds is not None or node.head is not None:
                fields = []
                if node.beds is not None:
                    node.room.beds = node.beds
                    fields.append("beds")
                if node.head is not None:
                    node.room.head = node.head.member
                    fields.append("head")
                changed.setdefault(tuple(fields), []).append(node.room)
            node.beds = node.head = None  # written
        new += added
        if len(added) == len(nodes):  # a new floor: its rows are all here
            setattr(floor.page, ROOMS, added)
        else:  # rows already read (e.g. by a form) would go into the revision as they were
            getattr(floor.page, "_cluster_related_objects", {}).pop(ROOMS, None)
    Room.objects.bulk_create(new, batch_size=BATCH)
    for fields, rooms in changed.items():
        Room.objects.bulk_update(rooms, fields, batch_size=BATCH)


def _apply_staff(plan, user, progress, touched):
    new = [e for e in plan.staff.values() if e.member is None]
    # One bulk insert and one bulk search-index update instead of a save (and index) per person.
    members = StaffMember.objects.bulk_create(
        [StaffMember(name=e.name, phone=e.phone, email=e.email) for e in new], batch_size=BATCH
    )
    for entry, member in zip(new, members):
        entry.member = member
    if members:
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(StaffMember, members)
    for entry in plan.staff.values():
        if entry.email_changed:
            entry.member.email = entry.email
            entry.member.save(update_fields=["email"])
    pages = {page.pk: page for page, _, _ in plan.assignments}
    # As modelcluster numbers a page's rows when it saves them: the existing ones 0..n-1 in their
    # order (rows written without a number come first, as SQLite sorts them), then the new ones.
    existing = {}
    ordered = GridAssignment.objects.filter(page__in=list(pages)).order_by(F("sort_order").asc(nulls_first=True), "pk")
    for pk, page_id, order in ordered.values_list("pk", "page_id", "sort_order"):
        existing.setdefault(page_id, []).append((pk, order))
    renumbered = [
        GridAssignment(pk=pk, sort_order=i) for rows in existing.values() for i, (pk, order) in enumerate(rows) if order != i
    ]
    GridAssignment.objects.bulk_update(renumbered, ["sort_order"], batch_size=BATCH)
    count = {page_id: len(rows) for page_id, rows in existing.items()}
    assignments = []
    for page, entry, role in plan.assignments:  # after the page's existing people, in file order
        order = count.get(page.pk, 0)
        count[page.pk] = order + 1
        assignments.append(GridAssignment(page=page, staff=entry.member, role=role, sort_order=order))
    GridAssignment.objects.bulk_create(assignments, batch_size=BATCH)
    for page in pages.values():  # the revision reads the page's people back
        getattr(page, "_cluster_related_objects", {}).pop(ASSIGNMENTS, None)
    if pages:
        assignments_changed.send(sender=GridAssignment, page_ids=list(pages))
    floors = [
        floor
        for community in plan.communities.values()
        for building in community.buildings.values()
        for floor in building.floors.values()
        if any(r.head is not None for r in floor.rooms.values())
    ]
    _write_rooms(floors)
    _publish_all(list(pages.values()) + [f.page for f in floors], user, progress, touched)


def _publish_all(pages, user, progress, touched, created=()):
    """Publish ``pages`` (each once): in bulk, or through Wagtail where its publish is needed."""
    pages = list({page.pk: page for page in pages}.values())
    special = needs_wagtail_publish(pages, created)
    bulk = [page for page in pages if page.pk not in special]
    publish_pages(bulk, user, lambda done, total: progress(done, len(pages)))
    for done, page in enumerate((p for p in pages if p.pk in special), len(bulk) + 1):
        publish(page, user, written=[ROOMS, ASSIGNMENTS])  # the rows are written: left as they are
        progress(done, len(pages))
    for page in pages:
        touched[page.pk] = type(page)
