from datetime import timedelta

from wagtail import hooks

from ..extensions import Section
from ..models import BuildingPageMixin, CommunityPageMixin, GridPageMixin
from ..pagecache.moments import Soonest
from .listing import page_section_activities
from .models import ActivityPage


@hooks.register("grid_page_sections")
def activities_section(page, request):
    """Upcoming activities on building, community and campus root pages (not on floors)."""
    is_campus_root = not isinstance(page, GridPageMixin) and page.depth == 2
    if not (isinstance(page, (BuildingPageMixin, CommunityPageMixin)) or is_campus_root):
        return None
    context = page_section_activities(page)
    if context["index_page"] is None and not any(group["activities"] for group in context["groups"]):
        return None
    return Section("grid_activities/includes/section.html", context, order=40)


@hooks.register("page_cache_next_change")
def next_activity_end(now):
    """An activity moves from upcoming to the archive just after its end (``listing.upcoming``)."""
    return Soonest(
        lambda end: end + timedelta(microseconds=1) if end is not None else None,
        end=ActivityPage.objects.live().filter(end__gte=now).order_by("end").values("end"),
    )
