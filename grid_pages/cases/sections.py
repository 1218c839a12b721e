"""What cases add to grid pages: where to report a repair or a suggestion and to follow it.

One query on any page, and nothing per user, so grid pages stay cacheable whole.
"""

from django.utils.translation import get_language
from wagtail import hooks

from grid_pages.extensions import Section, landmarks_of
from grid_pages.models import GridPageMixin

from .models import IntakePage, RepairRequestPage, SuggestionBoxPage


def intake_pages_for(page):
    """The live intake pages nearest to ``page`` in its locale: those inside its own community
    (or campus) first, one of each type. One query, shared with the other sections
    (``extensions.landmarks``)."""
    # Landmarks are the children of the page and of its ancestors, nearest first, so an intake
    # page of the page's own community beats the campus one. Shared with other sections.
    chosen = {}
    for candidate in landmarks_of(page, IntakePage):
        chosen.setdefault(candidate.specific_class, candidate)
    return [chosen[model] for model in (RepairRequestPage, SuggestionBoxPage) if model in chosen]


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
