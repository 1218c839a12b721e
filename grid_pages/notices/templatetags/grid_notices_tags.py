from django import template

from ..selectors import accepts_notices

register = template.Library()


@register.inclusion_tag("grid_notices/includes/feed_links.html")
def notice_feed_links(page):
    """``<link rel="alternate">`` to the RSS and Atom feeds of ``page``'s notices, for the page's
    ``<head>``, so that feed readers find them; nothing for a page without notices. No query."""
    if page is None or not getattr(page, "pk", None) or not accepts_notices(page):
        return {"feed_page": None}
    return {"feed_page": page}
