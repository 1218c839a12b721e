"""The four-level grid: community > building > floor pages, their rooms, and the people on duty.

Behaviour lives in abstract mixins so that a site can build its own grid pages from them
(named in ``GRID_PAGES_COMMUNITY_MODEL`` and its siblings, which swap the concrete pages below
out, as ``AUTH_USER_MODEL`` swaps Django's User). The concrete pages subclass the site's base page
model (``WAGTAIL_PAGE_MODEL``, Wagtail's ``Page`` unless swapped), and relations to pages go through
``swapper``, so that rooms and assignments attach to whatever base page is active. Code finds grid
pages through ``conf.get_community_model()`` and its siblings, never these classes.
"""

from functools import cache

import swapper
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from . import conf, routing
from .forms import FloorPageForm, GridPageForm
from .roles import DEFAULT_DUTIES, GridRole
from .slugs import AsciiSlugMixin
from .translations import TextTranslation, TranslatedTextsMixin, with_related_texts

swapper.set_app_prefix("wagtailcore", "wagtail")
PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")
# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = conf.get_page_model()


class StaffMember(TranslatedTextsMixin, index.Indexed, ClusterableModel):
    """A person of the grid: college leader, party secretary, counsellor or student cadre.

    One row whatever the language (rooms, assignments, cases and logins point to it); the
    position and office are translated in ``translations`` rows (``grid_pages.translations``).
    """

    translated_fields = ("position", "office")

    name = models.CharField(_("name"), max_length=60)
    position = models.CharField(
        _("position"), max_length=120, blank=True, help_text=_("e.g. Deputy Party Secretary, School of Economics")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    office = models.CharField(_("office"), max_length=120, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grid_staff_profiles",
        help_text=_("Link a login account to let this person work in the admin."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("position"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("office"),
        FieldPanel("photo"),
        FieldPanel("user"),
        InlinePanel(
            "translations",
            heading=_("Translations"),
            label=_("translation"),
            help_text=_("The position and office in another language; left empty, pages show them as above."),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("position"),
        index.FilterField("phone"),
    ]

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.position})" if self.position else self.name

    @property
    def shown_position(self):
        return self.shown("position")

    @property
    def shown_office(self):
        return self.shown("office")


class StaffMemberTranslation(TextTranslation):
    """A person's position and office in one other language."""

    staff = ParentalKey(StaffMember, on_delete=models.CASCADE, related_name="translations")
    position = models.CharField(_("position"), max_length=120, blank=True)
    office = models.CharField(_("office"), max_length=120, blank=True)

    panels = [TextTranslation.locale_panel, FieldPanel("position"), FieldPanel("office")]

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["staff", "locale"], name="grid_staff_one_translation_per_language")
        ]


class GridAssignment(Orderable):
    """A person placed in a grid role on one community, building or floor page."""

    page = ParentalKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="grid_assignments")
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("person"), on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=GridRole.choices)
    role_name = models.CharField(
        _("role name"),
        max_length=60,
        blank=True,
        help_text=_("Shown instead of the role's standard name, e.g. for a role the list does not have."),
    )
    duties = models.TextField(
        _("duties"), blank=True, help_text=_("Leave empty to use the role's standard duties.")
    )

    panels = [FieldPanel("staff"), FieldPanel("role"), FieldPanel("role_name"), FieldPanel("duties")]

    class Meta(Orderable.Meta):
        verbose_name = _("grid assignment")
        verbose_name_plural = _("grid assignments")

    def __str__(self):
        return f"{self.role_label}: {self.staff.name}"

    @property
    def role_label(self):
        return self.role_name or GridRole(self.role).label

    @property
    def duties_text(self):
        return self.duties or DEFAULT_DUTIES.get(self.role, "")


class Room(Orderable):
    """A dorm room (四级网格), a row of its floor page."""

    floor = ParentalKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="grid_rooms")
    number = models.CharField(_("room number"), max_length=20, db_index=True)
    beds = models.PositiveSmallIntegerField(_("beds"), default=4)
    head = models.ForeignKey(
        StaffMember,
        verbose_name=_("room head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_rooms",
    )

    panels = [FieldPanel("number"), FieldPanel("beds"), FieldPanel("head")]

    class Meta(Orderable.Meta):
        verbose_name = _("room")
        verbose_name_plural = _("rooms")

    def __str__(self):
        return self.number

    @property
    def anchor(self):
        return room_anchor(self.number)


def room_anchor(number):
    """The fragment id of a room on its floor page (stable, any script)."""
    return "room-" + "".join(c if c.isalnum() else "-" for c in str(number).strip())


class GridPageMixin(AsciiSlugMixin, models.Model):
    """What every grid level shares: an introduction and people in roles."""

    grid_level = 0
    introduction = RichTextField(_("introduction"), blank=True)

    grid_people_panels = [
        InlinePanel("grid_assignments", heading=_("People and duties"), label=_("person")),
    ]

    class Meta:
        abstract = True

    @classmethod
    def can_create_at(cls, parent):
        # No grid level inside a floor, and no community inside another grid page.
        return super().can_create_at(parent) and not (
            cls.grid_level == 1 and isinstance(parent.specific_deferred, GridPageMixin)
        )

    @classmethod
    def clean_subpage_models(cls):
        from .extensions import add_grid_subpages

        return add_grid_subpages(super().clean_subpage_models())

    def get_assignments(self):
        return list(self.grid_assignments.select_related("staff").order_by("sort_order", "pk"))

    def route(self, request, path_components):
        if path_components:
            return routing.route(self, request, path_components)
        return super().route(request, path_components)

    def get_view_restrictions(self):
        # One query instead of two when the route has told the page its ancestors, shared
        # with the sections that list public pages only (routing.private_q).
        restrictions = routing.view_restrictions(self)
        return super().get_view_restrictions() if restrictions is None else restrictions

    def grid_ancestors(self):
        """Ancestors below the tree root, top down (specific); no query when served through the route."""
        return routing.ancestors_or_query(self)

    def grid_ancestor(self, model):
        """The nearest ancestor of ``model``'s type, or None (see ``grid_ancestors``)."""
        return next((p for p in reversed(self.grid_ancestors()) if isinstance(p, model)), None)

    def assignments_with(self, page_ids, role=None):
        """(this page's assignments, the assignments on the pages ``page_ids``, of ``role`` when
        given), each page's in their order: from the site's assignments kept per generation and
        language (``tree.kept_assignments``: shared, read only), else in one query. In a
        preview the page's own people come through its relation, so that unsaved edits show."""
        from .tree import kept_assignments

        from_form = "grid_assignments" in getattr(self, "_cluster_related_objects", {})
        kept = kept_assignments() if self.pk and not from_form else None
        if kept is not None:
            return kept.on(self.pk), [a for pk in page_ids for a in kept.on(pk, role)]
        others = Q(page_id__in=list(page_ids), **({"role": role} if role else {}))
        wanted = others if from_form or not self.pk else Q(page_id=self.pk) | others
        rows = with_related_texts(
            GridAssignment.objects.filter(wanted).select_related("staff").order_by("sort_order", "pk"), "staff"
        )
        own = self.get_assignments() if from_form or not self.pk else [a for a in rows if a.page_id == self.pk]
        return own, [a for a in rows if a.page_id != self.pk]


class CommunityPageMixin(GridPageMixin):
    grid_level = 1
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        help_text=_("The name students type before a building number, e.g. 庠园 for 庠园社区."),
    )

    grid_content_panels = [
        FieldPanel("short_name"),
        FieldPanel("introduction"),
        *GridPageMixin.grid_people_panels,
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["assignments"], context["buildings"] = lazy_pair(self.people_and_buildings)
        return context

    def people_and_buildings(self):
        """(this community's assignments, its live buildings with counts and heads)."""
        buildings = summarise_buildings(self)
        own, heads = self.assignments_with([b.pk for b in buildings], GridRole.BUILDING_HEAD)
        return own, attach_heads(buildings, heads)

    def live_grid(self):
        """(live buildings in tree order, as instances of the building model with the fields a
        link needs, the live floors of those buildings as ``tree.FloorRow``: path, translation
        key, room count), kept on this page for the rest of the request, so the page and its
        sections read the community's tree once: from the site's tree kept per generation
        (``tree.kept_live_grid``), else in one query."""
        if not hasattr(self, "_grid_live_grid"):
            from .tree import kept_live_grid

            kept = kept_live_grid() if self.pk else None
            if kept is not None:
                buildings = kept.buildings_of(self)
                floors = [row for b in buildings for row in kept.floor_rows_of(b.path)]
            else:
                buildings, floors = self._live_grid_query()
            self._grid_live_grid = (buildings, floors)
        return self._grid_live_grid

    def _live_grid_query(self):
        from .extensions import type_q
        from .tree import FloorRow

        base = self.base_page_model
        accessors = routing.grid_accessors(base, BuildingPageMixin)
        rooms = Room.objects.filter(floor_id=models.OuterRef("pk")).values("floor_id")
        rows = (
            base.objects.descendant_of(self)
            .live()
            # Buildings below the community, floors below them: not the other pages there.
            .filter(
                Q(type_q(BuildingPageMixin), depth=self.depth + 1)
                | Q(type_q(FloorPageMixin), depth=self.depth + 2)
            )
            .annotate(room_count=models.Subquery(rooms.annotate(n=models.Count("pk")).values("n")))
            .select_related(*accessors)
            .order_by("path")
        )
        buildings, floors = {}, []
        for row in rows:
            if row.depth == self.depth + 1:
                page = routing.specific_row(row, accessors)
                if page is not None:
                    page._cached_parent_obj = self
                    buildings[page.path] = page
            elif row.path[: -row.steplen] in buildings:
                floors.append(FloorRow(row.pk, row.path, row.translation_key, row.room_count or 0))
        return list(buildings.values()), floors


class BuildingPageMixin(GridPageMixin):
    grid_level = 2
    short_number = models.CharField(
        _("building number"),
        max_length=20,
        help_text=_("What students write before the room number, e.g. 3 for 3栋 or A for A座."),
    )
    college = models.CharField(_("responsible college"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    grid_content_panels = [
        MultiFieldPanel(
            [FieldPanel("short_number"), FieldPanel("college"), FieldPanel("address")],
            heading=_("Building"),
        ),
        FieldPanel("photo"),
        FieldPanel("introduction"),
        *GridPageMixin.grid_people_panels,
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["assignments"], context["floors"] = lazy_pair(self.people_and_floors)
        context["community"] = self.get_community()
        return context

    def people_and_floors(self):
        """(this building's assignments, its live floors with room counts and heads)."""
        floors = self.live_floors()
        own, heads = self.assignments_with([f.pk for f in floors], GridRole.FLOOR_HEAD)
        return own, attach_heads(floors, heads)

    def get_community(self):
        return self.grid_ancestor(CommunityPageMixin)

    def live_floors(self):
        """The live floors in order (number, then tree order), each with ``room_count``, with
        the fields a link needs and the number (``extensions.LINK_FIELDS``), others loaded on
        access; kept on this page for the rest of the request (sections reuse it). From the
        site's tree kept per generation (``tree.kept_live_grid``), else one query."""
        from .extensions import LINK_FIELDS
        from .tree import kept_live_grid

        if not hasattr(self, "_grid_live_floors"):
            kept = kept_live_grid() if self.pk else None
            if kept is not None:
                self._grid_live_floors = kept.floors_of(self)
            else:
                self._grid_live_floors = list(
                    conf.get_floor_model().objects.child_of(self)
                    .live()
                    .only(*LINK_FIELDS, "number")
                    .annotate(room_count=models.Count("grid_rooms"))
                    .order_by("number", "path")
                )
                for floor in self._grid_live_floors:
                    floor._cached_parent_obj = self
        return self._grid_live_floors


class FloorPageMixin(GridPageMixin):
    grid_level = 3
    number = models.SmallIntegerField(_("floor number"), help_text=_("Negative for basements."))

    grid_content_panels = [
        FieldPanel("number"),
        FieldPanel("introduction"),
        InlinePanel("grid_rooms", heading=_("Rooms"), label=_("room")),
        *GridPageMixin.grid_people_panels,
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from .lookup import floor_chain

        context = super().get_context(request, *args, **kwargs)
        # Read when used: the staff list and the rooms are a fragment ({% grid_fragment "people" %}),
        # so with a copy of it only ?room= reads them (the room it marks, the people above it).
        rooms = SimpleLazyObject(lambda: list(self.rooms_with_heads()))
        chain = SimpleLazyObject(lambda: floor_chain(self))
        context["rooms"] = rooms
        context["chain"] = chain
        context["assignments"] = SimpleLazyObject(lambda: chain.floor_assignments)
        context["building"] = self.grid_ancestor(BuildingPageMixin)  # the route's: no query
        # ?room=502 (from find-my-room) marks that room; the URL alone decides,
        # so the page stays cacheable.
        wanted = request.GET.get("room", "").strip()[:20]
        context["selected_room"] = next((r for r in rooms if r.number == wanted), None) if wanted else None
        return context

    def rooms_with_heads(self):
        return with_related_texts(self.grid_rooms.select_related("head").order_by("sort_order", "pk"), "head")


def lazy_pair(compute):
    """Two values from one ``compute()`` returning a pair, run when either is first used: a
    page's lists read only inside its ``{% grid_fragment %}`` cost no query when a copy of
    the fragment answers."""
    once = cache(compute)
    return SimpleLazyObject(lambda: once()[0]), SimpleLazyObject(lambda: once()[1])


def attach_heads(pages, assignments):
    """Give each page ``heads``: those of ``assignments`` on it, in their order."""
    by_pk = {p.pk: p for p in pages}
    for page in pages:
        page.heads = []
    for assignment in assignments:
        if assignment.page_id in by_pk:
            by_pk[assignment.page_id].heads.append(assignment)
    return pages


def summarise_buildings(community):
    """The community's live buildings, each with its floor and room counts (``heads`` empty:
    the caller fetches them with the community's own people). At most one query whatever
    the number of buildings, floors and rooms (``live_grid``)."""
    buildings, floors = community.live_grid()
    if not buildings:
        return buildings
    by_path = {b.path: b for b in buildings}
    for b in buildings:
        b.floor_count = 0
        b.room_count = 0
        b.heads = []
    steplen = community.steplen
    for floor in floors:
        building = by_path[floor.path[:-steplen]]
        building.floor_count += 1
        building.room_count += floor.room_count
    return buildings


class CommunityPage(CommunityPageMixin, Page):
    parent_page_types = conf.get("COMMUNITY_PARENT_PAGE_TYPES")
    subpage_types = [conf.get("BUILDING_MODEL")]
    template = "grid_pages/community_page.html"
    base_form_class = GridPageForm

    content_panels = Page.content_panels + CommunityPageMixin.grid_content_panels
    search_fields = Page.search_fields + [
        index.SearchField("short_name"),
        index.SearchField("introduction"),
        index.RelatedFields(
            "grid_assignments",
            [
                index.SearchField("role_name"),
                index.SearchField("get_role_display"),
                index.RelatedFields("staff", [index.SearchField("name"), index.SearchField("position")]),
            ],
        ),
    ]

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        swappable = "GRID_PAGES_COMMUNITY_MODEL"


class BuildingPage(BuildingPageMixin, Page):
    parent_page_types = [conf.get("COMMUNITY_MODEL")]
    subpage_types = [conf.get("FLOOR_MODEL")]
    template = "grid_pages/building_page.html"
    base_form_class = GridPageForm

    content_panels = Page.content_panels + BuildingPageMixin.grid_content_panels
    search_fields = Page.search_fields + [
        index.SearchField("short_number"),
        index.SearchField("college"),
        index.SearchField("address"),
        index.SearchField("introduction"),
        index.RelatedFields(
            "grid_assignments",
            [
                index.SearchField("role_name"),
                index.SearchField("get_role_display"),
                index.RelatedFields("staff", [index.SearchField("name"), index.SearchField("position")]),
            ],
        ),
    ]

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        swappable = "GRID_PAGES_BUILDING_MODEL"


class FloorPage(FloorPageMixin, Page):
    parent_page_types = [conf.get("BUILDING_MODEL")]
    subpage_types = []
    template = "grid_pages/floor_page.html"
    base_form_class = FloorPageForm

    content_panels = Page.content_panels + FloorPageMixin.grid_content_panels
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.RelatedFields(
            "grid_rooms",
            [index.SearchField("number"), index.RelatedFields("head", [index.SearchField("name")])],
        ),
        index.RelatedFields(
            "grid_assignments",
            [
                index.SearchField("role_name"),
                index.SearchField("get_role_display"),
                # Names and roles only: positions (生命科学学院辅导员) would rank every floor above its building.
                index.RelatedFields("staff", [index.SearchField("name")]),
            ],
        ),
    ]

    class Meta:
        verbose_name = _("floor")
        verbose_name_plural = _("floors")
        swappable = "GRID_PAGES_FLOOR_MODEL"


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")
    CLOSURE = "closure", _("Closure (vacation, campus event)")
    WORKDAY = "workday", _("Make-up working day")


class CalendarDay(models.Model):
    """An entry of the working calendar, for one day or a range (a whole winter vacation).

    It overrides the statutory schedule the ``chinesecalendar`` library ships: a holiday of a
    year the library does not know yet, a make-up working day (调休), or a closure of the
    campus. Closures stop the deadline clock only for matters that say so (see ``workcalendar``).
    """

    date = models.DateField(_("date"))
    end_date = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Last day of a range, inclusive; empty for one day.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CalendarDayKind.choices)
    note = models.CharField(_("note"), max_length=120, blank=True, help_text=_("e.g. 国庆节, 寒假, 运动会"))

    panels = [FieldPanel("date"), FieldPanel("end_date"), FieldPanel("kind"), FieldPanel("note")]

    class Meta:
        verbose_name = _("working calendar entry")
        verbose_name_plural = _("working calendar")
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["date"], name="grid_calendar_date")]

    def __str__(self):
        span = f"{self.date:%Y-%m-%d}" + (f" – {self.end_date:%Y-%m-%d}" if self.last_date != self.date else "")
        return f"{span} {self.get_kind_display()} {self.note}".strip()

    @property
    def last_date(self):
        return self.end_date or self.date

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.end_date and self.date and self.end_date < self.date:
            raise ValidationError({"end_date": _("The range cannot end before it starts.")})
        if self.date and self.last_date and (self.last_date - self.date).days > 366:
            raise ValidationError({"end_date": _("Enter at most a year at a time.")})
