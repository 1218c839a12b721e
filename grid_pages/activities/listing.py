"""Which activities a page shows, in a constant number of queries whatever their count.

Grid pages are read far more than written and anonymous ones are cached per URL,
so everything here reads only the page tree and GET parameters, never the user.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When, Window
from django.db.models.functions import RowNumber, Substr
from django.utils import timezone
from taggit.models import Tag

from ..conf import get_building_model, get_community_model, get_page_model
from ..extensions import LINK_FIELDS, landmarks_of, type_q
from ..models import BuildingPageMixin, CommunityPageMixin
from ..pagecache.generation import PerGeneration, at_most
from .models import ActivityIndexPage, ActivityPage

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()

PER_PAGE = 12
SECTION_LIMIT = 5
# What an activity card shows besides its link (includes/activity_card.html, when.html).
CARD_FIELDS = ("start", "end", "place", "organiser")


def live_activities(scope):
    """Live activities anywhere below ``scope`` (a campus root, community or building)."""
    return ActivityPage.objects.live().descendant_of(scope)


def upcoming(queryset, now=None):
    """Not yet over (ongoing ones included), soonest first."""
    return queryset.filter(end__gte=now or timezone.now()).order_by("start", "pk")


def past(queryset, now=None):
    """Over, most recent first: the archive."""
    return queryset.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")


def community_level(community):
    """Activities of the community itself: below it but not inside one of its buildings."""
    building_path = Substr(OuterRef("path"), 1, len(community.path) + Page.steplen)
    return live_activities(community).exclude(Exists(get_building_model().objects.filter(path=building_path)))


def attach_places(activities, grid=None):
    """Set ``grid_community`` and ``grid_building`` (or None) on each activity: from ``grid``
    (the site's ``tree.LiveGrid``, which holds every community and building), else in one query."""
    steplen = Page.steplen
    prefixes = {a.path[: i * steplen] for a in activities for i in range(1, a.depth)}
    places = {}
    if grid is not None:
        for prefix in prefixes:
            place = grid.place_at(prefix)
            if place is not None:
                places[prefix] = place
    elif prefixes:
        building_type = ContentType.objects.get_for_model(get_building_model()).pk
        for page in Page.objects.filter(type_q(get_community_model(), get_building_model()), path__in=prefixes).only(*LINK_FIELDS):
            page.is_building = page.content_type_id == building_type
            places[page.path] = page
    for activity in activities:
        activity.grid_community = activity.grid_building = None
        for i in range(activity.depth - 1, 0, -1):
            place = places.get(activity.path[: i * steplen])
            if place is None:
                continue
            if place.is_building and activity.grid_building is None:
                activity.grid_building = place
            elif not place.is_building:
                activity.grid_community = place
                break
    return activities


def nearest_index(page):
    """The live activity list closest above ``page``: one whose parent is ``page`` or an ancestor of it."""
    steplen = Page.steplen
    parents = Q()
    for depth in range(1, page.depth + 1):
        parents |= Q(path__startswith=page.path[: depth * steplen], depth=depth + 1)
    return ActivityIndexPage.objects.live().filter(parents).order_by("-depth").first()


def _parse_id(value):
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 18 else None


def activity_listing(scope, params, per_page=PER_PAGE):
    """Context for an activity list of ``scope`` from GET ``params``.

    ``?archive=1`` lists past activities, newest first, instead of upcoming ones;
    ``?tag=<slug>`` and ``?building=<page id>`` narrow the list; ``?page=`` pages it
    (a bad or out-of-range number shows the first or last page rather than failing).
    """
    base = live_activities(scope)
    buildings = list(get_building_model().objects.live().descendant_of(scope).order_by("path"))
    tags = list(
        Tag.objects.filter(grid_activities_activitypagetag_items__content_object__in=base)
        .distinct()
        .order_by("name")
    )

    archive = params.get("archive") == "1"
    tag = next((t for t in tags if t.slug == params.get("tag", "")), None)
    building_id = _parse_id(params.get("building"))
    building = next((b for b in buildings if b.pk == building_id), None)

    activities = past(base) if archive else upcoming(base)
    if tag is not None:
        activities = activities.filter(tags=tag)
    if building is not None:
        activities = activities.descendant_of(building)
    page_obj = Paginator(activities.prefetch_related("tags"), per_page).get_page(params.get("page"))
    attach_places(page_obj.object_list)

    # Links keep the other filters: the list is one URL per view, cacheable as such.
    query = {"archive": "1" if archive else "", "tag": tag.slug if tag else "", "building": building.pk if building else ""}
    return {
        "scope": scope,
        "activities": page_obj.object_list,
        "page_obj": page_obj,
        "archive": archive,
        "tags": tags,
        "selected_tag": tag,
        "buildings": buildings,
        "selected_building": building,
        "filter_query": {k: v for k, v in query.items() if v},
    }


def page_section_activities(page):
    """What the activities section shows on ``page``, or None where it shows nothing.

    A building shows its own next activities and, apart, its community's; a community
    shows the next ones anywhere in it; the campus root the next ones campus-wide.
    """
    kept = kept_upcoming()
    if isinstance(page, BuildingPageMixin):
        community = page.get_community()  # known from the route: no query
        if community is not None and community.live:
            groups = _building_and_community_groups(page, community, kept)
        else:
            groups = [_group("building", page, kept)]
    elif isinstance(page, CommunityPageMixin):
        groups = [_group("community", page, kept, show_place=True)]
    else:
        groups = [_group("campus", page, kept, show_place=True)]
    # The nearest list, from the landmarks the page's sections share (no query of its own).
    index_page = next(iter(landmarks_of(page, ActivityIndexPage)), None)
    return {"groups": groups, "index_page": index_page}


# At most this many upcoming activities are kept for the whole site (below); a site that
# schedules more ahead reads each page's own (one or two queries per page).
KEPT_UPCOMING = 1000


def _load_upcoming():
    from grid_pages.tree import kept_live_grid

    found = at_most(upcoming(ActivityPage.objects.live()).only(*LINK_FIELDS, *CARD_FIELDS), KEPT_UPCOMING)
    return None if found is None else attach_places(found, kept_live_grid())


# Every live activity not over when read, soonest first, with its places: read once per
# page-cache generation in each process (a write bumps it), so that the sections of the
# campus root, communities and buildings pick theirs without a query. The time moves on
# without a write: each request drops those over since (``kept_upcoming``).
_kept_upcoming = PerGeneration(_load_upcoming)


def kept_upcoming(now=None):
    """The site's upcoming live activities (shared, read only), soonest first, each with
    ``grid_community`` and ``grid_building`` (``attach_places``); None where they are not
    kept (no page cache installed, or more than ``KEPT_UPCOMING``): read per page then."""
    kept = _kept_upcoming.get_if_installed()
    if kept is None:
        return None
    now = now or timezone.now()
    return [activity for activity in kept if activity.end >= now]


def _below(activities, scope):
    return [a for a in activities if a.is_descendant_of(scope)]


def _building_and_community_groups(building, community, kept=None):
    """The building's next activities and, apart, its community's own (not inside one of its
    buildings): from ``kept``, or both in one query (numbered within each group, the first
    SECTION_LIMIT of each kept)."""
    if kept is not None:
        in_community = _below(kept, community)
        in_building = _below(in_community, building)
        own = [a for a in in_community if a.grid_building is None]  # not inside one of its buildings
        return [
            {"level": "building", "activities": in_building[:SECTION_LIMIT], "show_place": False},
            {"level": "community", "activities": own[:SECTION_LIMIT], "show_place": False},
        ]
    in_building = Q(path__startswith=building.path)
    building_path = Substr(OuterRef("path"), 1, len(community.path) + Page.steplen)
    community_level = ~Exists(get_building_model().objects.filter(path=building_path))
    rows = list(
        upcoming(live_activities(community))
        .filter(in_building | community_level)
        .annotate(
            in_building=Case(When(in_building, then=Value(1)), default=Value(0), output_field=IntegerField()),
            rank=Window(RowNumber(), partition_by=[F("in_building")], order_by=[F("start").asc(), F("pk").asc()]),
        )
        .filter(rank__lte=SECTION_LIMIT)
        .only(*LINK_FIELDS, *CARD_FIELDS)
        .order_by("start", "pk")
    )
    return [
        {"level": "building", "activities": [a for a in rows if a.in_building], "show_place": False},
        {"level": "community", "activities": [a for a in rows if not a.in_building], "show_place": False},
    ]


def _group(level, scope, kept=None, show_place=False):
    """The next activities below ``scope``: from ``kept`` (places attached), or a query."""
    if kept is not None:
        return {"level": level, "activities": _below(kept, scope)[:SECTION_LIMIT], "show_place": show_place}
    activities = list(upcoming(live_activities(scope)).only(*LINK_FIELDS, *CARD_FIELDS)[:SECTION_LIMIT])
    if show_place:
        attach_places(activities)
    return {"level": level, "activities": activities, "show_place": show_place}
