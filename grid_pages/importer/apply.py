"""Write a checked Plan: one transaction, one new published revision per page that changes."""

from django.db import transaction
from django.utils import timezone
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

from grid_pages.models import BuildingPage, CommunityPage, FloorPage, GridAssignment, Room, StaffMember
from grid_pages.plaques.models import Plaque
from grid_pages.signals import content_changed

from .plan import building_number, community_short_name


class PlanHasErrors(Exception):
    pass


def publish(page, user=None, touched=None):
    """Publish ``page`` as it is in memory (fields and inline rows) as a new revision."""
    page.save_revision(user=user).publish(user=user)
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
    """Write ``plan`` all or nothing. ``progress(done, total)`` is called as pages are published."""
    if plan.errors:
        raise PlanHasErrors
    touched = {}  # page pk -> model, for the reference index
    with transaction.atomic():
        with disable_reference_index_auto_update():
            if plan.kind == "grid":
                _apply_grid(plan, user, progress or (lambda done, total: None), touched)
            else:
                _apply_staff(plan, user, progress or (lambda done, total: None), touched)
        _update_reference_index(touched)
        # Rooms and staff are partly written in bulk, without model signals.
        content_changed.send(sender=Room)


def _apply_grid(plan, user, progress, touched):
    buildings = [b for c in plan.communities.values() for b in c.buildings.values()]
    total, done = sum(len(b.floors) for b in buildings), 0
    plaques = []  # (floor page pk, room number, kind), put up once the rooms exist
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
                plaques += [(floor.page.pk, r.number, r.plaque) for r in floor.rooms.values() if r.plaque]
                done += 1
                progress(done, total)
    if plaques:
        rooms = Room.objects.filter(floor_id__in={pk for pk, _n, _k in plaques}).select_related("floor")
        by_key = {(r.floor_id, r.number): r for r in rooms}
        today = timezone.localdate()
        for floor_pk, number, kind in plaques:
            Plaque.objects.create(room=by_key[floor_pk, number], kind=kind, since=today, commitment="")


def _apply_floor(building_page, floor, user, touched):
    rooms = list(floor.rooms.values())
    if floor.page is not None and not any(r.changed for r in rooms):
        return
    # Every existing room goes back into the list: modelcluster deletes the rows it is not given.
    objects = []
    next_order = max((r.room.sort_order or 0 for r in rooms if r.room), default=0) + 1
    for node in rooms:
        room = node.room
        if room is None:  # new rooms go after the existing ones, in file order
            room, next_order = Room(number=node.number, sort_order=next_order), next_order + 1
        if node.beds is not None:
            room.beds = node.beds
        if node.head is not None:
            room.head = node.head.member
        objects.append(room)
    if floor.page is None:
        # Rooms are added after the page exists so that only the publish writes them.
        floor.page = FloorPage(title=f"{floor.number}层", number=floor.number)
        building_page.add_child(instance=floor.page)
    floor.page.grid_rooms = objects
    publish(floor.page, user, touched)


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
