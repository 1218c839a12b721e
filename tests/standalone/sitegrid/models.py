"""The host site's own grid pages, built from grid_pages' mixins on its own base page, with
fields of its own. Settings name them (GRID_PAGES_COMMUNITY_MODEL, ...), as docs/plugin.md says."""

from django.db import models
from wagtail.search import index

from grid_pages.forms import FloorPageForm, GridPageForm
from grid_pages.models import BuildingPageMixin, CommunityPageMixin, FloorPageMixin
from tests.standalone.sitepage.models import SitePage


class Neighbourhood(CommunityPageMixin, SitePage):
    warden_office = models.CharField(max_length=120, blank=True)

    subpage_types = ["sitegrid.Hall"]
    template = "grid_pages/community_page.html"
    base_form_class = GridPageForm
    content_panels = SitePage.content_panels + ["warden_office"] + CommunityPageMixin.grid_content_panels
    search_fields = SitePage.search_fields + [index.SearchField("short_name")]


class Hall(BuildingPageMixin, SitePage):
    opened = models.PositiveSmallIntegerField(null=True, blank=True)

    parent_page_types = ["sitegrid.Neighbourhood"]
    subpage_types = ["sitegrid.Storey"]
    template = "grid_pages/building_page.html"
    base_form_class = GridPageForm
    content_panels = SitePage.content_panels + ["opened"] + BuildingPageMixin.grid_content_panels
    search_fields = SitePage.search_fields + [index.SearchField("short_number")]


class Storey(FloorPageMixin, SitePage):
    quiet_hours = models.BooleanField(default=False)

    parent_page_types = ["sitegrid.Hall"]
    subpage_types = []
    template = "grid_pages/floor_page.html"
    base_form_class = FloorPageForm
    content_panels = SitePage.content_panels + ["quiet_hours"] + FloorPageMixin.grid_content_panels
