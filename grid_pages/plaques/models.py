"""Party-member dorm plaques (党员宿舍挂牌): a room's plaque, its members and the campus index page.

A plaque keeps its room with ``PROTECT`` and a snapshot of the room's label, so a
withdrawn plaque still says where it hung after rooms are renamed or renumbered.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from grid_pages.conf import get_page_model
from grid_pages.extensions import parent_types
from grid_pages.slugs import AsciiSlugMixin
from grid_pages.translations import TextTranslation, TranslatedTextsMixin

from .forms import PlaqueForm

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()

class PlaqueKind(models.TextChoices):
    DORM = "dorm", _("Party member dorm")
    MODEL_DORM = "model_dorm", _("Model party member dorm")
    PIONEER_POST = "pioneer_post", _("Party member pioneer post")


class MemberStatus(models.TextChoices):
    FULL = "full", _("Full member")
    PROBATIONARY = "probationary", _("Probationary member")
    CANDIDATE = "candidate", _("Development candidate")
    ACTIVIST = "activist", _("Activist applying to join")


class PlaqueQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_on__isnull=True)


def describe_room(room):
    """“庠园社区 · 庠园3栋 · 502”: the room with the titles of the pages above its floor (one query)."""
    floor = room.floor
    steplen = floor.steplen
    # The floor's parent (building) and grandparent (community), by treebeard path.
    paths = [floor.path[: -steplen * n] for n in (2, 1) if len(floor.path) > steplen * n]
    titles = dict(Page.objects.filter(path__in=paths).values_list("path", "title")) if paths else {}
    return " · ".join([*(titles[p] for p in paths if p in titles), room.number])


class Plaque(TranslatedTextsMixin, index.Indexed, ClusterableModel):
    """The plaque on one room's door; active until it is withdrawn. One row whatever the
    language; the pledge may be given in other languages (``translations``)."""

    translated_fields = ("commitment",)

    room = models.ForeignKey(
        "grid_pages.Room", verbose_name=_("room"), on_delete=models.PROTECT, related_name="plaques"
    )
    room_label = models.CharField(
        _("room as labelled"),
        max_length=200,
        editable=False,
        help_text=_("Community, building and room when the plaque was put up or last moved."),
    )
    kind = models.CharField(_("plaque"), max_length=20, choices=PlaqueKind.choices, default=PlaqueKind.DORM)
    since = models.DateField(_("since"))
    withdrawn_on = models.DateField(
        _("withdrawn on"), null=True, blank=True, help_text=_("Leave empty while the plaque hangs on the door.")
    )
    commitment = models.TextField(
        _("commitment"), max_length=300, help_text=_("The short public pledge printed on the plaque.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlaqueQuerySet.as_manager()

    base_form_class = PlaqueForm

    panels = [
        FieldPanel("room"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldRowPanel([FieldPanel("since"), FieldPanel("withdrawn_on")])],
            heading=_("Plaque"),
        ),
        FieldPanel("commitment"),
        InlinePanel("members", heading=_("Party members"), label=_("party member"), min_num=1),
        InlinePanel(
            "translations",
            heading=_("Translations"),
            label=_("translation"),
            help_text=_("The pledge in another language; left empty, pages show it as above."),
        ),
    ]
    search_fields = [
        index.SearchField("room_label"),
        index.AutocompleteField("room_label"),
        index.SearchField("commitment"),
        index.FilterField("kind"),
        index.FilterField("withdrawn_on"),
    ]

    class Meta:
        verbose_name = _("party member dorm plaque")
        verbose_name_plural = _("party member dorm plaques")
        ordering = ["room_label", "-since", "pk"]
        constraints = [
            # The database backs up clean(): two editors saving at once cannot both win.
            models.UniqueConstraint(
                fields=["room"],
                condition=Q(withdrawn_on__isnull=True),
                name="grid_plaques_one_active_plaque_per_room",
                violation_error_message=_("This room already has an active plaque."),
            )
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._labelled_room_id = self.room_id

    def __str__(self):
        return f"{self.room_label} · {self.get_kind_display()}"

    @property
    def is_active(self):
        return self.withdrawn_on is None

    @property
    def shown_commitment(self):
        return self.shown("commitment")

    def clean(self):
        super().clean()
        errors = {}
        if self.withdrawn_on and self.since and self.withdrawn_on < self.since:
            errors["withdrawn_on"] = gettext("A plaque cannot be withdrawn before it was put up.")
        if self.room_id and self.is_active:
            other = Plaque.objects.active().filter(room_id=self.room_id).exclude(pk=self.pk).first()
            if other is not None:
                errors["room"] = gettext(
                    "Room %(room)s already has an active plaque (%(kind)s since %(since)s). "
                    "Enter the date it was withdrawn before putting up a new one."
                ) % {"room": other.room_label, "kind": other.get_kind_display(), "since": other.since}
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # The label is a snapshot: taken when the plaque goes up or moves, never refreshed otherwise.
        if self.room_id and (not self.room_label or self.room_id != self._labelled_room_id):
            self.room_label = describe_room(self.room)[:200]
        super().save(*args, **kwargs)
        self._labelled_room_id = self.room_id


class PlaqueMember(Orderable):
    """A party member (or applicant) living in the room, as printed on the plaque."""

    plaque = ParentalKey(Plaque, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=40)
    status = models.CharField(_("political status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.FULL)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("status")])]

    class Meta(Orderable.Meta):
        verbose_name = _("party member")
        verbose_name_plural = _("party members")

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"


class PlaqueTranslation(TextTranslation):
    """A plaque's pledge in one other language."""

    plaque = ParentalKey(Plaque, on_delete=models.CASCADE, related_name="translations")
    commitment = models.TextField(_("commitment"), max_length=300, blank=True)

    panels = [TextTranslation.locale_panel, FieldPanel("commitment")]

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["plaque", "locale"], name="grid_plaques_one_translation_per_language")
        ]


class PlaqueIndexPage(AsciiSlugMixin, Page):
    """党员宿舍风采: every active plaque of the campus, grouped by community and building."""

    grid_subpage = True
    grid_landmark = True  # few per grid level: found by extensions.landmarks
    parent_page_types = parent_types(campus=True)
    subpage_types = []
    max_count_per_parent = 1
    template = "grid_plaques/plaque_index_page.html"

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    class Meta:
        verbose_name = _("party member dorm showcase")
        verbose_name_plural = _("party member dorm showcases")

    def get_context(self, request, *args, **kwargs):
        from .queries import campus_plaques

        context = super().get_context(request, *args, **kwargs)
        context["communities"], context["total"] = campus_plaques(self.get_parent(), self.locale)
        return context
