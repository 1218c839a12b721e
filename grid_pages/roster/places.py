"""Where a room is, as staff read it: 庠园社区 · 3栋 · 502, for many rooms in two queries."""


from grid_pages.conf import get_page_model

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()

SEPARATOR = " · "


def attach_places(rooms):
    """Set ``community``, ``building`` and ``place`` (a label) on each Room of ``rooms`` (their
    floors already joined); two queries whatever the number of rooms."""
    rooms = [room for room in rooms if room is not None]
    if not rooms:
        return rooms
    step = Page.steplen
    paths = {room.floor.path[:-step] for room in rooms} | {room.floor.path[: -2 * step] for room in rooms}
    titles = dict(Page.objects.filter(path__in=paths).values_list("path", "title"))
    for room in rooms:
        room.building_title = titles.get(room.floor.path[:-step], "")
        room.community_title = titles.get(room.floor.path[: -2 * step], "")
        room.place = SEPARATOR.join(t for t in (room.community_title, room.building_title, room.number) if t)
    return rooms


def student_places(students):
    """``attach_places`` for the rooms of ``students`` (``room__floor`` joined); returns the list."""
    students = list(students)
    attach_places([s.room for s in students if s.room_id])
    return students


def attach_floor_places(floors):
    """Set ``building_title`` and ``community_title`` on each floor page of ``floors``; one query."""
    floors = list(floors)
    step = Page.steplen
    paths = {f.path[:-step] for f in floors} | {f.path[: -2 * step] for f in floors}
    titles = dict(Page.objects.filter(path__in=paths).values_list("path", "title")) if floors else {}
    for floor in floors:
        floor.building_title = titles.get(floor.path[:-step], "")
        floor.community_title = titles.get(floor.path[: -2 * step], "")
    return floors
