from wagtail import hooks

from ..extensions import LINK_FIELDS, Section
from ..routing import ancestors_or_query
from .selectors import accepts_notices, kept_notices, notices_for, set_origins

SECTION_LIMIT = 5
# What a notice's line in the section shows besides its link (includes/notice_item.html).
ITEM_FIELDS = ("pinned", "urgent", "first_published_at")


@hooks.register("grid_page_sections")
def notices_section(page, request):
    """The notices that apply to a grid page or the campus root, newest few with a link to all."""
    if not accepts_notices(page):
        return None
    # One more than shown tells whether to offer "all notices" without a count query.
    fields = (*LINK_FIELDS, *ITEM_FIELDS)
    notices = kept_notices(page, SECTION_LIMIT + 1, fields)
    if notices is None:
        notices = list(notices_for(page, limit=SECTION_LIMIT + 1, origins=False).only(*fields))
    # Where each notice comes from: the pages above, as the route found them (no query).
    notices = set_origins(page, notices, ancestors_or_query(page))
    return Section(
        "grid_notices/section.html",
        {"notices": notices[:SECTION_LIMIT], "has_more": len(notices) > SECTION_LIMIT, "notices_page": page},
        order=20,
    )
