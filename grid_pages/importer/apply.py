"""Write a checked Plan: one transaction, one new published revision per page that changes.

Rooms are inline rows of their floor page. Publishing a page through modelcluster saves each
row one by one (an UPDATE or INSERT and its signals per room), so an import writes a floor's
rooms in bulk first (one INSERT and one UPDATE per floor) and then publishes the floor with a
revision read back from those rows, telling the publish that the rows are already written. The
number of queries grows with pages (communities, buildings, floors), not with rooms.
"""

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from grid_pages.models import BuildingPage, CommunityPage, FloorPage, GridAssignment, Room, StaffMember
from grid_pages.plaques.models import Plaque
from grid_pages.signals import content_changed

from .indexing import deferred_search_index, rows_with_people
from .plan import building_number, community_short_name

ROOMS = "grid_rooms"


class PlanHasErrors(Exception):
    pass


def publish(page, user=None, touched=None, *, written=()):
    """Publish ``page`` as it is in memory (fields and inline rows) as a new revision.

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
    if touched is not None:
        touched[page.pk] = type(page)


def _update_reference_index(touched):
    # Wagtail re-indexes a whole page on every save of each of its rows (three saves per
    # room when a floor is published); once per page at the end is the same result.
    for model, pks in _group(touched).items():
        if ReferenceIndex.is_indexed(model):
            for page in model.objects.filter(pk__in=pks).prefetch_related("grid_rooms", "grid_assignments"):
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
    buildings = [b for c in plan.communities.values() for b in c.buildings.values()]
    total, done = sum(len(b.floors) for b in buildings), 0
    plaques = []
    for community in plan.communities.values():
        if community.page is None:
            community.page = CommunityPage(title=community.title, short_name=community_short_name(community.title))
            plan.root.add_child(instance=community.page)
            publish(community.page, user, touched)
        for building in community.buildings.values():
            if building.page is None:
                building.page = BuildingPage(
                    title=building.title, short_number=building_number(building.title), college=building.college or ""
                )
                community.page.add_child(instance=building.page)
                publish(building.page, user, touched)
            elif building.college is not None:
                building.page.college = building.college
                publish(building.page, user, touched)
            for floor in building.floors.values():
                _apply_floor(building.page, floor, user, touched)
                label = f"{community.page.title} · {building.page.title} · "
                plaques += [_plaque(node, label) for node in floor.rooms.values() if node.plaque]
                done += 1
                progress(done, total)
    _put_up(plaques)


def _plaque(node, label):
    # The label describe_room() would give, from titles already in memory.
    return Plaque(
        room=node.room, kind=node.plaque, since=timezone.localdate(), commitment="", room_label=(label + node.number)[:200]
    )


def _put_up(plaques):
    if not plaques:
        return
    plaques = Plaque.objects.bulk_create(plaques, batch_size=500)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Plaque, plaques)


def _apply_floor(building_page, floor, user, touched):
    """Write the floor's new and changed rooms in bulk, then publish the floor once."""
    nodes = list(floor.rooms.values())
    if floor.page is not None and not any(r.changed for r in nodes):
        return
    if floor.page is None:
        floor.page = FloorPage(title=f"{floor.number}层", number=floor.number)
        building_page.add_child(instance=floor.page)
    new, changed = [], []
    next_order = max((r.room.sort_order or 0 for r in nodes if r.room), default=0) + 1
    for node in nodes:
        if node.room is None:  # new rooms go after the existing ones, in file order
            node.room = Room(floor_id=floor.page.pk, number=node.number, sort_order=next_order, beds=node.beds)
            next_order += 1
            if node.head is not None:
                node.room.head = node.head.member
            new.append(node.room)
        elif node.beds is not None or node.head is not None:
            if node.beds is not None:
                node.room.beds = node.beds
            if node.head is not None:
                node.room.head = node.head.member
            changed.append(node.room)
        node.beds = node.head = None  # written: a second publish of this floor leaves it alone
    if new:
        Room.objects.bulk_create(new)
    if changed:
        Room.objects.bulk_update(changed, ["beds", "head"])
    # Rows already read (e.g. by a form) would go into the revision as they were.
    getattr(floor.page, "_cluster_related_objects", {}).pop(ROOMS, None)
    publish(floor.page, user, touched, written=[ROOMS])


def _apply_staff(plan, user, progress, touched):
    new = [e for e in plan.staff.values() if e.member is None]
    # One bulk insert and one bulk search-index update instead of a save (and index) per person.
    members = StaffMember.objects.bulk_create(
        [StaffMember(name=e.name, phone=e.phone, email=e.email) for e in new], batch_size=500
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
    pages = {}  # pk -> page, each published once with all its new rows
    for page, entry, role in plan.assignments:
        pages[page.pk] = page
        page.grid_assignments.add(GridAssignment(staff=entry.member, role=role))
    floors = {}
    for community in plan.communities.values():
        for building in community.buildings.values():
            for floor in building.floors.values():
                if any(r.head is not None for r in floor.rooms.values()):
                    floors[floor.page.pk] = (building.page, floor)
    total = len(pages) + len([pk for pk in floors if pk not in pages])
    done = 0
    for pk, (building_page, floor) in floors.items():
        if pk in pages:  # the same in-memory page carries its new assignments too
            floor.page = pages.pop(pk)
        _apply_floor(building_page, floor, user, touched)
        done += 1
        progress(done, total)
    for page in pages.values():
        publish(page, user, touched)
        done += 1
        progress(done, total)
