"""Culture activities (社区文化活动): activity pages under a community or building, and their listings.

Behaviour sits in abstract mixins, as in the grid core, so a site with its own base
page model can build its pages from them; the tag through model needs a concrete
page, so tags are declared on the concrete ``ActivityPage``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..conf import get_page_model
from ..extensions import BUILDING, COMMUNITY, parent_types
from ..slugs import AsciiSlugMixin
from .blocks import ActivityBodyBlock

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()


class ActivityPageMixin(AsciiSlugMixin, models.Model):
    start = models.DateTimeField(_("starts at"))
    end = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, help_text=_("e.g. the party members station on the ground floor of building 3"))
    organiser = models.CharField(_("organiser"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty if anyone may come.")
    )
    signup_url = models.URLField(_("sign-up link"), blank=True)
    body = StreamField(ActivityBodyBlock(), verbose_name=_("body"), blank=True)

    activity_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("place"),
                FieldPanel("organiser"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel([FieldPanel("capacity"), FieldPanel("signup_url")], heading=_("Sign-up")),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("An activity must end after it starts.")})

    def is_past(self, now=None):
        return self.end < (now or timezone.now())

    @property
    def same_day(self):
        """Whether start and end fall on one local (Asia/Shanghai) day, to print the date once."""
        return timezone.localtime(self.start).date() == timezone.localtime(self.end).date()


class ActivityPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "grid_activities.ActivityPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ActivityPage(ActivityPageMixin, Page):
    grid_subpage = True
    parent_page_types = parent_types(COMMUNITY, BUILDING) + ["grid_activities.ActivityIndexPage"]
    subpage_types = []
    template = "grid_activities/activity_page.html"

    tags = ClusterTaggableManager(through=ActivityPageTag, blank=True, verbose_name=_("tags"))

    content_panels = (
        Page.content_panels + ActivityPageMixin.activity_panels + [FieldPanel("tags"), FieldPanel("body")]
    )
    search_fields = Page.search_fields + [
        index.SearchField("place"),
        index.SearchField("organiser"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("start"),
        index.FilterField("end"),
    ]

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def get_context(self, request, *args, **kwargs):
        from .listing import attach_places, nearest_index

        context = super().get_context(request, *args, **kwargs)
        attach_places([self])
        context["tags"] = list(self.tags.order_by("name"))
        context["index_page"] = nearest_index(self)
        context["is_past"] = self.is_past()
        return context


class ActivityIndexPage(AsciiSlugMixin, Page):
    """Lists the activities of the whole campus, or of its community when placed in one."""

    grid_subpage = True
    grid_landmark = True  # few per grid level: found by extensions.landmarks
    parent_page_types = parent_types(COMMUNITY, campus=True)
    subpage_types = ["grid_activities.ActivityPage"]
    max_count_per_parent = 1
    template = "grid_activities/activity_index_page.html"

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    class Meta:
        verbose_name = _("activity list")
        verbose_name_plural = _("activity lists")

    def get_scope(self):
        """The page whose activities are listed: the parent (campus root or community)."""
        return self.get_parent()

    def get_context(self, request, *args, **kwargs):
        from .listing import activity_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(activity_listing(self.get_scope(), request.GET))
        return context
