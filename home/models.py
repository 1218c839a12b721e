from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The portal's front page: the find-my-room box and the communities."""

    introduction = RichTextField(_("introduction"), blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["grid_pages.CommunityPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    class Meta:
        verbose_name = _("home page")

    @classmethod
    def clean_subpage_models(cls):
        # Campus-wide pages of the grid sub-apps (notices, plaques, reception) go here too.
        from grid_pages.extensions import add_grid_subpages

        return add_grid_subpages(super().clean_subpage_models())

    def route(self, request, path_components):
        # Down to a community, building or floor in one query (grid_pages/routing.py).
        from grid_pages import routing

        if path_components:
            return routing.route(self, request, path_components)
        routing.hand_view_restrictions(self, request)
        return super().route(request, path_components)

    def get_view_restrictions(self):
        # With the site's restrictions on the page (handed by the route, or read for the
        # sections): picked from them as the grid pages do, without Wagtail's two queries.
        # Anywhere else (the admin's privacy dialog orders the queryset), Wagtail's queryset.
        from grid_pages import routing

        if not hasattr(self, "_grid_view_restrictions"):
            return super().get_view_restrictions()
        return routing.view_restrictions(self)

    def get_context(self, request, *args, **kwargs):
        from grid_pages.models import CommunityPage

        context = super().get_context(request, *args, **kwargs)
        context["communities"] = CommunityPage.objects.child_of(self).live().order_by("path")
        return context
