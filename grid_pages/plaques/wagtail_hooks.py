from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from grid_pages.extensions import Section, landmarks_of
from grid_pages.models import BuildingPageMixin, CommunityPageMixin, FloorPageMixin, GridPageMixin

from .models import Plaque, PlaqueIndexPage
from .queries import building_counts, count_below, group_by_floor, plaques_on


class PlaqueViewSet(SnippetViewSet):
    model = Plaque
    icon = "tag"
    menu_label = gettext_lazy("Plaques")
    list_display = ["room_label", "kind", "since", "withdrawn_on"]
    list_filter = ["kind"]
    search_fields = ["room_label", "commitment"]
    list_per_page = 50
    ordering = ["room_label", "-since"]


class PlaqueViewSetGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Party member dorms")
    menu_icon = "tag"
    menu_order = 210
    items = (PlaqueViewSet,)


register_snippet(PlaqueViewSetGroup)


@hooks.register("register_snippet_listing_buttons")
def print_button(snippet, user, next_url=None):
    if isinstance(snippet, Plaque) and snippet.is_active:
        yield Button(_("Print"), reverse("grid_plaques:print", args=[snippet.pk]), icon_name="doc-full", priority=90)


@hooks.register("grid_page_sections")
def plaque_section(page, request):
    """Plaques of a floor or a building, counts per building on a community, the showcase link on the campus home."""
    if not page.pk:
        return None
    if isinstance(page, FloorPageMixin):
        plaques = plaques_on([page])
        return Section("grid_plaques/sections/floor.html", {"plaques": plaques}, order=60) if plaques else None
    if isinstance(page, BuildingPageMixin):
        plaques = plaques_on(page.live_floors())  # the floors the building page lists already
        if not plaques:
            return None
        return Section(
            "grid_plaques/sections/building.html",
            {"floors": group_by_floor(plaques), "count": len(plaques), "building": page},
            order=60,
        )
    if isinstance(page, CommunityPageMixin):
        buildings = [b for b in building_counts(page) if b.plaque_count]
        if not buildings:
            return None
        return Section(
            "grid_plaques/sections/community.html",
            {"buildings": buildings, "count": sum(b.plaque_count for b in buildings)},
            order=60,
        )
    if not isinstance(page, GridPageMixin) and page.depth == 2:
        # The showcase is a landmark: among those the sections share (no query).
        index_page = next((p for p in landmarks_of(page, PlaqueIndexPage) if p.depth == 3), None)
        if index_page is None:
            return None
        count = count_below(page)
        return Section("grid_plaques/sections/home.html", {"index_page": index_page, "count": count}, order=60)
    return None
