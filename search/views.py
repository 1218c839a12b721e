from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from wagtail.models import Locale, Page

MAX_QUERY_LENGTH = 200


def search(request):
    """Site search over live pages in the current language (Chinese segmentation comes with issue 6)."""
    # Control characters (NUL above all) are refused by PostgreSQL; drop them.
    raw = request.GET.get("query", "")[: MAX_QUERY_LENGTH * 2]
    query = "".join(c for c in raw if c.isprintable()).strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().filter(locale=Locale.get_active()).search(query)
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": page})
