from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse

from .services import attach_parent_titles, clean_query, context_title, per_page, site_search, type_label

SUGGESTIONS = 8


def search(request):
    """The site search page, or with ``format=json`` suggestions for the header box."""
    query = clean_query(request.GET.get("query", ""))
    outcome = site_search(query, request)
    if request.GET.get("format") == "json":
        return JsonResponse({"results": _suggestions(outcome, request)}, json_dumps_params={"ensure_ascii": False})
    paginator = Paginator(outcome.results if outcome.results is not None else [], per_page())
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    page.object_list = attach_parent_titles(page.object_list)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_results": page,
            # Only the best matches are ranked (search/backend/common.py): the count says so.
            "results_capped": getattr(outcome.results, "capped", False),
            "places": outcome.places if page.number == 1 else [],
            "exact": outcome.exact,
            "suggested_buildings": outcome.suggestions,
        },
    )


def _suggestions(outcome, request):
    rows = [{"title": p.title, "url": p.url, "type": p.type} for p in outcome.places[:SUGGESTIONS]]
    if outcome.results is not None and len(rows) < SUGGESTIONS:
        seen = {row["url"] for row in rows}
        for page in attach_parent_titles(outcome.results[:SUGGESTIONS]):
            url = page.get_url(request) or ""
            if url not in seen:
                rows.append({"title": context_title(page), "url": url, "type": type_label(page)})
    return rows[:SUGGESTIONS]
