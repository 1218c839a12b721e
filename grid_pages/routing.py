"""Serving a grid page in few queries: the route down the grid in one query, and what it learnt kept.

Wagtail's ``Page.route`` spends two queries per level (the child, then its specific
row): six for a floor below the site root. ``route`` finds every page along the
path in one query, with the grid pages' specific rows joined, and hands over to a
page's own ``route`` as soon as the path leaves the grid (a notice, an activity list
with sub-routes). Each page keeps its parent (``_cached_parent_obj``, as Wagtail's
route does), so a page served through the route knows its ancestors without a query:
``ancestors`` gives them to breadcrumbs, the community of a building, the chain of a
floor and the view-restriction check. Everything lives on the page instances of one
request; nothing outlives it.
"""

from functools import cache

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import Http404


@cache
def grid_accessors(base_page_model, kind=None):
    """select_related names of the concrete grid page models on the base page model (those of
    ``kind``, a grid level's mixin, or of every level)."""
    from .models import GridPageMixin

    return tuple(
        rel.get_accessor_name()
        for rel in base_page_model._meta.related_objects
        if rel.one_to_one
        and rel.field.remote_field.parent_link
        and issubclass(rel.related_model, kind or GridPageMixin)
    )


def specific_row(page, accessors):
    """The joined specific instance of a grid page, or None for any other page type."""
    for name in accessors:
        try:
            return getattr(page, name)
        except ObjectDoesNotExist:  # no row of that type (select_related remembered so)
            continue
    return None


def route(parent, request, path_components):
    """``parent.route(request, path_components)`` as Wagtail answers it, in one query while
    the path stays in the grid (with the grid page's landmarks where nothing keeps them,
    ``extensions.landmarks_along``). ``parent`` is a specific page; the components are not empty."""
    from .extensions import hand_landmarks, landmarks_along
    from .models import GridPageMixin

    base = parent.base_page_model
    accessors = grid_accessors(base)
    url_paths = [parent.url_path + "/".join(path_components[: i + 1]) + "/" for i in range(len(path_components))]
    wanted = Q(url_path__in=url_paths)
    # Where nothing is kept per generation, the landmarks the page will look up come along.
    along = landmarks_along(parent, url_paths)
    if along is not None:
        wanted |= along
    # Unordered: the rows go into a dict, and the ORM takes a fifth of the route's time to
    # compile Page's default ORDER BY.
    pages = base.objects.filter(wanted, path__startswith=parent.path)
    pages = list(pages.select_related(*accessors).order_by())
    found = {page.url_path: page for page in pages}
    current = parent
    for i, url_path in enumerate(url_paths):
        page = found.get(url_path)
        if page is None or page.depth != current.depth + 1:
            raise Http404
        specific = specific_row(page, accessors)
        if specific is None or type(specific).route is not GridPageMixin.route:
            # Outside the grid, or a grid page with routing of its own: Wagtail's way from here.
            page._cached_parent_obj = current
            return (specific or page.specific).route(request, path_components[i + 1 :])
        specific._cached_parent_obj = current
        current = specific
    hand_view_restrictions(current, request)
    if along is not None:
        hand_landmarks(current, pages)
    return current.route(request, [])


def hand_view_restrictions(page, request):
    """Give ``page`` the site's view restrictions the request carries (kept per generation by the
    page cache, ``grid_pages.pagecache.serving``), for ``site_view_restrictions``."""
    restrictions = getattr(request, "grid_view_restrictions", None)
    if restrictions is not None:
        page._grid_view_restrictions = list(restrictions)


def ancestors(page):
    """``page``'s ancestors below the tree root, top down, as the route found them (no query);
    None when the page was not reached through the route (a preview, a page loaded directly)."""
    chain = []
    while page.depth > 2:
        page = getattr(page, "_cached_parent_obj", None)
        if page is None:
            return None
        chain.append(page)
    return chain[::-1]


def ancestors_or_query(page):
    """Like ``ancestors``, with one query (specific pages) when the route did not pass by;
    the parents found are kept, so later callers in the request pay nothing."""
    found = ancestors(page)
    if found is None:
        found = list(page.get_ancestors().filter(depth__gt=1).specific()) if page.pk else []
        for parent, child in zip(found, [*found[1:], page]):
            child._cached_parent_obj = parent
    return found


def site_view_restrictions(page):
    """Every view restriction of the site, with its page: one query, kept on ``page`` for the
    rest of the request (the page's own check and the sections' "public only" both read it).
    A site has few restrictions; Wagtail's ``PageQuerySet.public()`` reads them all too.
    No query when ``route`` found them on the request (``request.grid_view_restrictions``:
    the page cache keeps them per generation, ``grid_pages.pagecache.serving``)."""
    from wagtail.models import PageViewRestriction

    if not hasattr(page, "_grid_view_restrictions"):
        page._grid_view_restrictions = list(PageViewRestriction.objects.select_related("page"))
    return page._grid_view_restrictions


def private_q(page):
    """``PageQuerySet.private_q()`` from ``site_view_restrictions(page)``: pages in a private
    section, for ``.exclude()``, without a query of its own."""
    return restricted_q(site_view_restrictions(page))


def restricted_q(restrictions):
    """Pages behind any of ``restrictions`` (view restrictions with their pages), as
    ``PageQuerySet.private_q()`` finds them from all of the site's."""
    q = Q()
    for restriction in restrictions:
        q |= Q(path__startswith=restriction.page.path, depth__gte=restriction.page.depth)
    return q if q else Q(pk__in=[])


class Restrictions(list):
    """A list of view restrictions that also answers what Wagtail's callers ask of the
    queryset ``get_view_restrictions`` returns elsewhere (``exists``, ``first``)."""

    def exists(self):
        return bool(self)

    def first(self):
        return self[0] if self else None


def view_restrictions(page):
    """The view restrictions that apply to ``page``, as ``Page.get_view_restrictions`` finds
    them (its own, its ancestors', those of the pages aliased), as a list from
    ``site_view_restrictions`` when the route passed by; None otherwise."""
    above = ancestors(page)
    if above is None:
        return None
    page_ids = {p.alias_of_id or p.pk for p in [page, *above]}
    return Restrictions(r for r in site_view_restrictions(page) if r.page_id in page_ids or r.page.depth == 1)
