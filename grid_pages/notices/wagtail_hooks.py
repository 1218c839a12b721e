from wagtail import hooks

from ..extensions import Section
from .selectors import accepts_notices, notices_for

SECTION_LIMIT = 5


@hooks.register("grid_page_sections")
def notices_section(page, request):
    """The notices that apply to a grid page or the campus root, newest few with a link to all."""
    if not accepts_notices(page):
        return None
    # One more than shown tells whether to offer "all notices" without a count query.
    notices = list(notices_for(page, limit=SECTION_LIMIT + 1))
    return Section(
        "grid_notices/section.html",
        {"notices": notices[:SECTION_LIMIT], "has_more": len(notices) > SECTION_LIMIT, "notices_page": page},
        order=20,
    )
