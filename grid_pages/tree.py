"""The live buildings and floors of the whole site and the people in roles on them, read once
per page-cache generation.

A community page lists its buildings with their floor and room counts, a building page its
floors with their room counts; the plaques' counts and the campus home read the same tree.
Asked page by page, that is a query each whose building costs the ORM far more time than
SQLite spends running it. Where ``grid_pages.pagecache`` is installed, the site's live
buildings and floors are read once per generation in each process as plain rows (any write
a public page shows bumps the generation: a page published, moved or retitled, a room added
or removed), and each page builds instances of its own children from them, with the fields
a link needs (``extensions.LINK_FIELDS``), in Python. Past ``KEPT_GRID_PAGES``, or without
the page cache, each page reads its own (``GridPageMixin.live_grid``, ``live_floors``).

The same query reads the communities and buildings in draft too (the places of what lies
below them: an activity's community and building, ``LiveGrid.place_at``) and the site's
landmarks (``extensions.kept_landmarks``): one ``UNION ALL`` with a part per kind.

The grid's assignments (a person in a role on a page, with the person and their texts in the
active language) are kept the same way, per language: a page takes its own and its
children's heads or its ancestors' people (``GridPageMixin.assignments_with``) without a query.
"""

from collections import namedtuple
from functools import cache
from operator import itemgetter

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast, Coalesce

from . import conf
from .pagecache.generation import PerGeneration, PerGenerationByKey, at_most
from .translations import give_texts, translation_language

# At most this many communities, buildings and live floors are kept for the whole site
# (below); a site with more reads each page's own children.
KEPT_GRID_PAGES = 20000

# A floor as a community's counts need it: no page instance (a community has many floors).
FloorRow = namedtuple("FloorRow", "pk path translation_key room_count")


class LiveGrid:
    """The site's live communities, buildings and floors as rows, by parent path, and its
    landmarks; shared and read only."""

    def __init__(self, columns, by_kind, building_model, floor_model, page_model):
        from .extensions import KEPT_LANDMARKS

        at = {name: i for i, name in enumerate(columns)}

        def take(fields, model, rows, **renamed):
            # The row's values in ``fields``' order (the model's: what from_db expects).
            renamed[model._meta.pk.attname] = "id"
            pick = itemgetter(*(at[renamed.get(name, name)] for name in fields))
            return [pick(row) for row in rows]

        self.building_model, self.building_fields = building_model, link_fields(building_model)
        self.floor_model, self.floor_fields = floor_model, link_fields(floor_model, "number")
        self.page_model, self.page_fields = page_model, link_fields(page_model)
        all_buildings = take(self.building_fields, building_model, by_kind[BUILDING])
        live_at = self.building_fields.index("live")
        buildings = [row for row in all_buildings if row[live_at]]
        floors = take([*self.floor_fields, "room_count"], floor_model, by_kind[FLOOR], number="row_number", room_count="row_rooms")
        self.buildings = _by_parent(buildings, self.building_fields)
        self.floors = _by_parent(floors, self.floor_fields)
        # Communities and buildings by path: the places of what lies below them.
        depth, path = self.page_fields.index("depth"), self.page_fields.index("path")
        communities = take(self.page_fields, page_model, by_kind[COMMUNITY])
        self._places = {row[path]: (page_model, self.page_fields, row) for row in communities}
        building_path = self.building_fields.index("path")
        self._places.update((row[building_path], (building_model, self.building_fields, row)) for row in all_buildings)
        self._building_paths = {row[building_path] for row in all_buildings}
        # Landmarks, deepest first then in tree order (``extensions.landmarks``); None past the bound.
        rows = take(self.page_fields, page_model, by_kind[LANDMARK])
        rows.sort(key=lambda r: (-r[depth], r[path]))
        self.landmarks = [page_model.from_db(None, self.page_fields, r) for r in rows] if len(rows) <= KEPT_LANDMARKS else None
        # A floor's place in its row: what FloorRow and the floors' order read.
        names = [*self.floor_fields, "room_count"]
        self._pk, self._path, self._key, self._locale, self._rooms, self._number = (
            names.index(n)
            for n in (floor_model._meta.pk.attname, "path", "translation_key", "locale_id", "room_count", "number")
        )

    def place_at(self, path):
        """The community or building at ``path``, live or not (a new instance with the fields a link
        needs, ``is_building`` set), or None."""
        found = self._places.get(path)
        if found is None:
            return None
        model, fields, row = found
        page = model.from_db(None, fields, row)
        page.is_building = path in self._building_paths
        return page

    def buildings_of(self, community):
        """``community``'s live buildings in tree order: new instances (``LINK_FIELDS``)."""
        return [self._page(self.building_model, self.building_fields, row, community)
                for row in self.buildings.get(community.path, ())]

    def floors_of(self, building):
        """``building``'s live floors by number, then tree order: new instances
        (``LINK_FIELDS`` and ``number``), each with ``room_count``."""
        rows = sorted(self.floors.get(building.path, ()), key=lambda r: (r[self._number], r[self._path]))
        floors = []
        for row in rows:
            floor = self._page(self.floor_model, self.floor_fields, row[:-1], building)
            floor.room_count = row[self._rooms]
            floors.append(floor)
        return floors

    def floor_rows_of(self, building_path):
        """The live floors of the building at ``building_path`` as ``FloorRow``, in tree order."""
        return [FloorRow(r[self._pk], r[self._path], r[self._key], r[self._rooms])
                for r in self.floors.get(building_path, ())]

    def floor_keys_below(self, page):
        """Translation keys of the live floors below ``page`` (any depth) in its locale."""
        return [
            r[self._key]
            for path, rows in self.floors.items()
            if path.startswith(page.path)
            for r in rows
            if r[self._locale] == page.locale_id
        ]

    @staticmethod
    def _page(model, fields, row, parent):
        page = model.from_db(None, fields, row)
        page._cached_parent_obj = parent
        return page


def _by_parent(rows, fields):
    at = fields.index("path")
    steplen = conf.get_page_model().steplen
    by_parent = {}
    for row in rows:
        by_parent.setdefault(row[at][:-steplen], []).append(row)
    return by_parent


def link_fields(model, *extra):
    """The attnames of ``model``'s concrete fields that a link needs (and ``extra``), in the
    model's order (what ``Model.from_db`` expects), its primary key first among them."""
    from .extensions import LINK_FIELDS

    wanted = {"id", model._meta.pk.attname, *LINK_FIELDS, *extra}
    return [f.attname for f in model._meta.concrete_fields if f.attname in wanted]


@cache
def _one_model_per_level():
    """Whether the site's buildings and floors are each of one model, the configured one (the
    rows are built into instances of it); a site with other building or floor page models
    reads each page's own children, which finds every type."""
    from .models import BuildingPageMixin, FloorPageMixin

    def concrete(mixin):
        return [m for m in apps.get_models() if issubclass(m, mixin) and not m._meta.proxy]

    return concrete(BuildingPageMixin) == [conf.get_building_model()] and concrete(FloorPageMixin) == [
        conf.get_floor_model()
    ]


def _load():
    """The site's live grid, and its landmarks (``extensions.landmarks``), in one query: a
    ``UNION ALL`` of the communities and buildings (in draft too, as places), the live floors
    (each with its number and room count) and the live landmarks, each row with the fields a
    link needs and its kind."""
    from .extensions import KEPT_LANDMARKS, LINK_FIELDS, landmark_models, type_q
    from .models import Room

    if not _one_model_per_level():
        return None
    page_model = conf.get_page_model()
    building_model, floor_model = conf.get_building_model(), conf.get_floor_model()
    number_field = floor_model._meta.get_field("number")
    columns = ("id", *LINK_FIELDS, "row_kind", "row_number", "row_rooms")

    def part(queryset, kind, number=None, rooms=None):
        return (
            queryset.order_by()
            .annotate(
                row_kind=models.Value(kind),
                # Typed: PostgreSQL does not match an untyped NULL with the floors' numbers.
                row_number=number or Cast(models.Value(None), number_field.__class__()),
                row_rooms=rooms or models.Value(0),
            )
            .values_list(*columns)
        )

    # Each floor's room count as a column of its row (a subquery on the rooms' floor index).
    room_count = Room.objects.filter(floor=models.OuterRef("pk")).order_by().values("floor").annotate(n=models.Count("pk"))
    parts = [
        # Communities and buildings in draft too: the places of what lies below them.
        part(page_model.objects.filter(type_q(conf.get_community_model())), COMMUNITY),
        part(building_model.objects.all(), BUILDING),
        part(
            floor_model.objects.live(),
            FLOOR,
            number=models.F("number"),
            rooms=Coalesce(models.Subquery(room_count.values("n")), 0),
        ),
    ]
    if landmark_models():
        parts.append(part(page_model.objects.filter(type_q(*landmark_models()), depth__gt=2).live(), LANDMARK))
    rows = at_most(parts[0].union(*parts[1:], all=True), KEPT_GRID_PAGES + KEPT_LANDMARKS)
    if rows is None:
        return None
    kind_at = columns.index("row_kind")
    rows.sort(key=itemgetter(columns.index("path")))
    by_kind = {COMMUNITY: [], BUILDING: [], FLOOR: [], LANDMARK: []}
    for row in rows:
        by_kind[row[kind_at]].append(row)
    if sum(len(by_kind[k]) for k in (COMMUNITY, BUILDING, FLOOR)) > KEPT_GRID_PAGES:
        return None
    return LiveGrid(columns, by_kind, building_model, floor_model, page_model)


# The kinds of rows _load reads.
COMMUNITY, BUILDING, FLOOR, LANDMARK = range(4)


_kept = PerGeneration(_load)


def kept_live_grid():
    """The site's ``LiveGrid`` for this generation, or None (no page cache, or past the bound)."""
    return _kept.get_if_installed()


# At most this many grid assignments (people in roles on pages) are kept for the whole site
# (below); a site with more reads each page's own.
KEPT_ASSIGNMENTS = 10000


class KeptAssignments:
    """The site's assignments (a person in a role on a page) as rows by page, with their people
    and the people's texts in one language; shared and read only. A page asks for its own and
    those of a few pages near it (``on``), built into new instances then: the site has hundreds,
    a page shows a dozen."""

    def __init__(self, rows, db, assignment_fields, staff_fields, text_fields):
        from .models import GridAssignment, StaffMember

        self._db = db
        self._assignment, self._staff = GridAssignment, StaffMember
        self._staff_field = GridAssignment._meta.get_field("staff")
        self._assignment_fields, self._staff_fields, self._text_fields = assignment_fields, staff_fields, text_fields
        self._staff_at = len(assignment_fields)
        self._texts_at = self._staff_at + len(staff_fields)
        page_at, self._role_at = assignment_fields.index("page_id"), assignment_fields.index("role")
        self._by_page = {}
        for row in rows:
            self._by_page.setdefault(row[page_at], []).append(row)

    def on(self, page_pk, role=None):
        """The assignments on the page ``page_pk`` (of ``role`` when given), in their order: new
        instances, each with its person (as ``select_related`` gives it) and the person's texts."""
        return [self._build(row) for row in self._by_page.get(page_pk, ()) if role is None or row[self._role_at] == role]

    def _build(self, row):
        staff_at, texts_at = self._staff_at, self._texts_at
        assignment = self._assignment.from_db(self._db, self._assignment_fields, row[:staff_at])
        staff = self._staff.from_db(self._db, self._staff_fields, row[staff_at:texts_at])
        # What annotate_texts and take_texts give a queried row's person.
        give_texts(staff, dict(zip(self._text_fields, row[texts_at:])))
        self._staff_field.set_cached_value(assignment, staff)
        return assignment


def _load_assignments():
    """The site's assignments with their people and the people's texts in the active language
    (``translations.annotate_texts``), as rows: one query, no instances (``KeptAssignments``)."""
    from .models import GridAssignment, StaffMember
    from .translations import annotate_texts

    prefix = "staff_text_"
    assignment_fields = [f.attname for f in GridAssignment._meta.concrete_fields]
    staff_fields = [f.attname for f in StaffMember._meta.concrete_fields]
    queryset = annotate_texts(GridAssignment.objects.order_by("sort_order", "pk"), StaffMember, "staff_id", prefix)
    # Empty in the default language (annotate_texts reads no texts there).
    text_fields = [field for field in StaffMember.translated_fields if f"{prefix}{field}" in queryset.query.annotations]
    columns = [*assignment_fields, *(f"staff__{name}" for name in staff_fields), *(f"{prefix}{f}" for f in text_fields)]
    rows = at_most(queryset.values_list(*columns), KEPT_ASSIGNMENTS)
    if rows is None:
        return None
    return KeptAssignments(rows, queryset.db, assignment_fields, staff_fields, text_fields)


_kept_assignments = PerGenerationByKey(8)


def kept_assignments():
    """The site's assignments for this generation in the active language (``KeptAssignments``:
    shared, read only), or None without the page cache or past ``KEPT_ASSIGNMENTS``."""
    return _kept_assignments.get_if_installed(translation_language(), _load_assignments)
