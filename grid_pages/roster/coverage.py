"""Coverage at the person level (全覆盖, 不漏一人): every bed has a student or is marked empty,
every student living in has a room; per building and per college.

Counts only, no names: the coverage report is read by all staff. Beds are counted in rooms of
live floors of the default locale whose building and community are live too (as the grid
coverage counts rooms). Six queries (seven without ``locale``) whatever the campus size.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Locale

from grid_pages.conf import get_building_model, get_community_model, get_floor_model, get_page_model
from grid_pages.models import Room

from .models import EmptyBed, Student

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()


@dataclass
class BedCount:
    name: str
    beds: int = 0
    occupied: int = 0
    marked_empty: int = 0
    students: int = 0
    without_room: int = 0

    @property
    def unaccounted(self):
        return self.beds - self.occupied - self.marked_empty


@dataclass
class PersonCoverage:
    buildings: list = field(default_factory=list)  # BedCount per building, tree order
    colleges: list = field(default_factory=list)  # BedCount per college (students, without_room)
    total: BedCount = None
    students_outside: int = 0  # living in, with a room outside the counted grid


def person_coverage(locale=None):
    locale = locale or Locale.get_default()
    step = Page.steplen
    communities = dict(get_community_model().objects.live().filter(locale=locale).values_list("path", "title"))
    buildings = {}
    for path, title in get_building_model().objects.live().filter(locale=locale).order_by("path").values_list("path", "title"):
        if path[:-step] in communities:
            buildings[path] = BedCount(f"{communities[path[:-step]]} · {title}")
    floors = {
        pk: buildings[path[:-step]]
        for pk, path in get_floor_model().objects.live().filter(locale=locale).values_list("pk", "path")
        if path[:-step] in buildings
    }
    rooms = {}  # room pk -> (BedCount, beds)
    for pk, floor_id, beds in Room.objects.filter(floor_id__in=list(floors)).values_list("pk", "floor_id", "beds"):
        rooms[pk] = (floors[floor_id], beds)
        floors[floor_id].beds += beds
    total = BedCount(_("Whole campus"))
    total.beds = sum(b.beds for b in buildings.values())
    colleges = {}
    occupied = set()
    outside = 0
    for room_id, bed, college in Student.objects.filter(active=True).values_list("room_id", "bed", "college"):
        entry = colleges.setdefault(college or "", BedCount(college or _("No college")))
        entry.students += 1
        total.students += 1
        if room_id is None:
            entry.without_room += 1
            total.without_room += 1
            continue
        place = rooms.get(room_id)
        if place is None:
            outside += 1
            continue
        place[0].students += 1
        if 1 <= bed <= place[1] and (room_id, bed) not in occupied:
            occupied.add((room_id, bed))
            place[0].occupied += 1
            total.occupied += 1
    for room_id, bed in EmptyBed.objects.values_list("room_id", "bed"):
        place = rooms.get(room_id)
        if place and 1 <= bed <= place[1] and (room_id, bed) not in occupied:
            place[0].marked_empty += 1
            total.marked_empty += 1
    return PersonCoverage(list(buildings.values()), sorted(colleges.values(), key=lambda c: c.name), total, outside)


def coverage_section(locale=None):
    """The person level as the coverage report shows and exports it (hook ``grid_coverage_sections``)."""
    report = person_coverage(locale)
    total = report.total
    beds_header = [_("Building"), _("Beds"), _("With a student"), _("Marked empty"), _("Not accounted for"), _("Students")]
    college_header = [_("College"), _("Students living in"), _("Without a room")]
    return {
        "title": _("Students and beds"),
        "summary": [
            (_("Beds"), total.beds),
            (_("Beds with a student"), total.occupied),
            (_("Beds marked empty"), total.marked_empty),
            (_("Beds not accounted for"), total.unaccounted),
            (_("Students living in"), total.students),
            (_("Students without a room"), total.without_room),
        ],
        "complete": total.beds > 0 and total.unaccounted == 0 and total.without_room == 0,
        "url": reverse("grid_roster_students:index"),
        "tables": [
            {
                "title": _("Per building"),
                "header": beds_header,
                "rows": [[b.name, b.beds, b.occupied, b.marked_empty, b.unaccounted, b.students] for b in report.buildings],
            },
            {
                "title": _("Per college"),
                "header": college_header,
                "rows": [[c.name, c.students, c.without_room] for c in report.colleges],
            },
        ],
    }
