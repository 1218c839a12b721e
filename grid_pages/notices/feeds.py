"""RSS and Atom feeds of the notices that apply to a grid page (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from .selectors import notices_for
from .views import notice_page_or_404

FEED_LIMIT = 30


def public_url(page, path):
    """``path`` made absolute on the root URL of ``page``'s site (the Site record, which the
    host points at its public address), never on the request's host."""
    parts = page.get_url_parts()
    return f"{parts[1]}{path}" if parts and parts[1] else path


class NoticeFeed(Feed):
    """RSS 2.0; the generator escapes titles and bodies, which arrive as text, never markup."""

    def get_object(self, request, page_id):
        return notice_page_or_404(page_id)

    def title(self, page):
        return _("Notices for %(page)s") % {"page": page.title}

    url_name = "grid_notices:rss"

    def link(self, page):
        # full_url, not get_url(request): one Feed instance serves every request, so it keeps no request.
        return page.full_url or public_url(page, reverse("grid_notices:list", args=[page.pk]))

    def feed_url(self, page):
        """The feed's own address (Atom's rel="self"), on the public host rather than the request's."""
        return public_url(page, reverse(self.url_name, args=[page.pk]))

    def description(self, page):
        return _("Notices that apply to %(page)s, including those from the levels above it.") % {"page": page.title}

    def items(self, page):
        return notices_for(page, limit=FEED_LIMIT)

    def item_title(self, notice):
        return notice.title

    def item_link(self, notice):
        return notice.full_url or "/"  # a notice outside any site has no address of its own

    def item_description(self, notice):
        return expand_db_html(notice.body)

    def item_pubdate(self, notice):
        return notice.first_published_at

    def item_updateddate(self, notice):
        return notice.last_published_at

    def item_categories(self, notice):
        categories = [_("From %(origin)s") % {"origin": notice.origin_title}]
        if notice.pinned:
            categories.append(_("Pinned"))
        if notice.urgent:
            categories.append(_("Urgent"))
        return categories


class NoticeAtomFeed(NoticeFeed):
    feed_type = Atom1Feed
    url_name = "grid_notices:atom"
    subtitle = NoticeFeed.description
