from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from grid_pages.conf import get_page_model

from .selectors import accepts_notices, notices_for

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()

PER_PAGE = 20
MAX_ID = 2**63 - 1


def notice_page_or_404(page_id):
    """The live, public page ``page_id`` if notices can be listed on it, else 404.

    Listings and feeds are anonymous and cacheable, so pages behind a view
    restriction get none (their notices are left out of ``notices_for`` too).
    """
    if page_id > MAX_ID:  # the URL takes any digits; the database would overflow, not miss
        raise Http404
    page = get_object_or_404(Page.objects.live().public().specific(), pk=page_id)
    if not accepts_notices(page):
        raise Http404
    return page


def notice_list(request, page_id):
    """All notices that apply to a grid page or the campus root, ?page=N."""
    page = notice_page_or_404(page_id)
    notices = Paginator(notices_for(page), PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "grid_notices/notice_list.html", {"notices_page": page, "notices": notices})
