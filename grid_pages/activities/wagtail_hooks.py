from wagtail import hooks

from ..extensions import Section
from ..models import BuildingPage, CommunityPage, GridPageMixin
from .listing import page_section_activities


@hooks.register("grid_page_sections")
def activities_section(page, request):
    """Upcoming activities on building, community and campus root pages (not on floors)."""
    is_campus_root = not isinstance(page, GridPageMixin) and page.depth == 2
    if not (isinstance(page, (BuildingPage, CommunityPage)) or is_campus_root):
        return None
    context = page_section_activities(page)
    if context["index_page"] is None and not any(group["activities"] for group in context["groups"]):
        return None
    return Section("grid_activities/includes/section.html", context, order=40)
