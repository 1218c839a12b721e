"""Notices (通知公告): a page under the campus root or a grid page that shows on it and every grid page below.

As elsewhere in grid_pages, behaviour is an abstract mixin so that a site with its
own base page can build a notice page from it; ``NoticePage`` is the concrete one.
Which notices apply where is decided in ``selectors.notices_for``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from ..conf import get_page_model
from ..extensions import BUILDING, COMMUNITY, FLOOR, parent_types
from ..slugs import AsciiSlugMixin

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()


class NoticePageMixin(AsciiSlugMixin, models.Model):
    body = RichTextField(_("body"))
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Pinned notices are listed before all others.")
    )
    urgent = models.BooleanField(_("urgent"), default=False, help_text=_("Marked as urgent wherever it is listed."))

    notice_content_panels = [
        MultiFieldPanel([FieldPanel("pinned"), FieldPanel("urgent")], heading=_("Display")),
        FieldPanel("body"),
        InlinePanel("notice_attachments", heading=_("Attachments"), label=_("attachment")),
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["origin"] = self.get_parent()
        context["attachments"] = list(
            self.notice_attachments.select_related("document").order_by("sort_order", "pk")
        )
        return context


class NoticePage(NoticePageMixin, Page):
    grid_subpage = True
    parent_page_types = parent_types(COMMUNITY, BUILDING, FLOOR, campus=True)
    subpage_types = []
    template = "grid_notices/notice_page.html"

    content_panels = Page.content_panels + NoticePageMixin.notice_content_panels
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.FilterField("pinned"),
        index.FilterField("urgent"),
    ]

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")


class NoticeAttachment(Orderable):
    """A document attached to a notice (a form, a timetable, a list of rooms)."""

    notice = ParentalKey(NoticePage, on_delete=models.CASCADE, related_name="notice_attachments")
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Leave empty to use the document's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.document.title
