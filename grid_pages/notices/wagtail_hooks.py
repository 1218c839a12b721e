from wagtail import hooks

from ..extensions import LINK_FIELDS, Section
from ..pagecache import serving
from ..pagecache.moments import UntilNextChange
from ..routing import ancestors_or_query
from .selectors import accepts_notices, first_by_parent, merged, notices_for, set_origins

SECTION_LIMIT = 5
# What a notice's line in the section shows besides its link (includes/notice_item.html).
ITEM_FIELDS = ("pinned", "urgent", "first_published_at")
FIELDS = (*LINK_FIELDS, *ITEM_FIELDS)

# The first notices under every page of the site, read once per page-cache generation and
# time-driven change (a notice going live or expiring): each section merges those of its
# page and of the pages above it without a query.
# The site's view restrictions are the page cache's, read once per generation too.
_kept = UntilNextChange(
    lambda now, _key: first_by_parent(SECTION_LIMIT + 1, FIELDS, now, serving.kept_view_restrictions())
)


def section_notices(page, now=None):
    """The notices the section considers on ``page``: one more than it shows (telling whether
    to offer "all notices" without a count query), from the kept ones or one query."""
    by_parent = _kept.get_if_installed(now)
    if by_parent is None:
        return list(notices_for(page, limit=SECTION_LIMIT + 1, origins=False, now=now).only(*FIELDS))
    return merged(by_parent, page, SECTION_LIMIT + 1)


@hooks.register("grid_page_sections")
def notices_section(page, request):
    """The notices that apply to a grid page or the campus root, newest few with a link to all."""
    if not accepts_notices(page):
        return None
    # Where each notice comes from: the pages above, as the route found them (no query).
    notices = set_origins(page, section_notices(page), ancestors_or_query(page))
    return Section(
        "grid_notices/section.html",
        {"notices": notices[:SECTION_LIMIT], "has_more": len(notices) > SECTION_LIMIT, "notices_page": page},
        order=20,
    )
