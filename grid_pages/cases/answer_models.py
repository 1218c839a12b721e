"""Public answers (公开答复): a case's question and official answer, published by staff after
editing out personal data, on pages below one answers list.

Answers are pages so that publishing, unpublishing, translating (wagtail-localize), the site
search and the page tree all work as for any content. They are made only from a case in the
queue (``answers.publish_answer``), never from the page tree, and point to their case; the
original text stays in the case and its history.
"""

import swapper
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from grid_pages.conf import get_page_model
from grid_pages.extensions import COMMUNITY, parent_types
from grid_pages.slugs import AsciiSlugMixin

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class PublicAnswerIndexPage(AsciiSlugMixin, Page):
    """The public answers list: answers by matter and by community or building."""

    grid_subpage = True
    parent_page_types = parent_types(COMMUNITY, campus=True)
    subpage_types = ["grid_cases.PublicAnswerPage"]
    # The queue publishes into the one list of the default language.
    max_count_per_parent = 1
    template = "grid_cases/answer_index_page.html"

    introduction = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    class Meta:
        verbose_name = _("public answers list")
        verbose_name_plural = _("public answers lists")

    def get_context(self, request, *args, **kwargs):
        from .answers import answer_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(answer_listing(self, request.GET))
        return context


class PublicAnswerPage(AsciiSlugMixin, Page):
    """One published question and its official answer, as staff edited them for the public."""

    parent_page_types = ["grid_cases.PublicAnswerIndexPage"]
    subpage_types = []
    is_creatable = False  # made from a case in the queue
    template = "grid_cases/answer_page.html"

    # Set from the case, never edited by hand; not editable also keeps wagtail-localize from
    # asking for a translation of the matter: translations keep the default-language row.
    case = models.ForeignKey(
        "grid_cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="public_answers", editable=False
    )
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    category = models.ForeignKey(
        "grid_cases.CaseCategory", verbose_name=_("matter"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    community = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("community"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    building = models.ForeignKey(
        PAGE_MODEL, verbose_name=_("building"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [FieldPanel("question"), FieldPanel("answer")]
    search_fields = Page.search_fields + [
        index.SearchField("question"),
        index.SearchField("answer"),
        index.FilterField("category"),
        index.FilterField("community"),
        index.FilterField("building"),
    ]

    class Meta:
        verbose_name = _("public answer")
        verbose_name_plural = _("public answers")

    def get_context(self, request, *args, **kwargs):
        from .answers import attach_labels

        context = super().get_context(request, *args, **kwargs)
        attach_labels([self])
        context["index_page"] = self.get_parent()
        return context
