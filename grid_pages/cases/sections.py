"""What cases add to grid pages: where to report a repair or a suggestion and to follow it.

One query on any page, and nothing per user, so grid pages stay cacheable whole.
"""

from django.utils.translation import get_language
from wagtail import hooks
from wagtail.models import Page

from grid_pages.extensions import Section
from grid_pages.models import GridPageMixin

from .models import RepairRequestPage, SuggestionBoxPage


def intake_pages_for(page):
    """The live intake pages nearest to ``page`` in its locale: those inside its own community
    (or campus) first, one of each type. One query."""
    candidates = (
        Page.objects.type(SuggestionBoxPage, RepairRequestPage)
        .live()
        .filter(locale_id=page.locale_id, path__startswith=page.path[: page.steplen * 2])
        .select_related("content_type")
        .order_by("-depth", "path")
    )
    chosen = {}
    for candidate in candidates:
        # Nearest first: an intake page of the page's own community beats the campus one.
        if page.path.startswith(candidate.path[: -page.steplen]) or candidate.depth <= 3:
            chosen.setdefault(candidate.content_type.model, candidate)
    order = [RepairRequestPage._meta.model_name, SuggestionBoxPage._meta.model_name]
    return [chosen[name] for name in order if name in chosen]


@hooks.register("grid_page_sections")
def report_section(page, request):
    if not isinstance(page, GridPageMixin) and page.depth != 2:
        return None
    pages = intake_pages_for(page)
    if not pages:
        return None
    return Section(
        "grid_cases/includes/report_section.html",
        {"intake_pages": pages, "language": get_language()},
        order=20,
    )
