from wagtail import hooks

from ..extensions import LINK_FIELDS, Section
from .selectors import accepts_notices, notices_for

SECTION_LIMIT = 5
# What a notice's line in the section shows besides its link (includes/notice_item.html).
ITEM_FIELDS = ("pinned", "urgent", "first_published_at")


@hooks.register("grid_page_sections")
def notices_section(page, request):
    """The notices that apply to a grid page or the campus root, newest few with a link to all."""
    if not accepts_notices(page):
        return None
    # One more than shown tells whether to offer "all notices" without a count query.
    notices = list(notices_for(page, limit=SECTION_LIMIT + 1).only(*LINK_FIELDS, *ITEM_FIELDS))
    return Section(
        "grid_notices/section.html",
        {"notices": notices[:SECTION_LIMIT], "has_more": len(notices) > SECTION_LIMIT, "notices_page": page},
        order=20,
    )
