"""Published hygiene rankings (卫生评比公示) as a section of the building page.

Room numbers and scores only, never a name. The building page has a fixed query budget
(``tests/grid_pages/test_queries.py``), so the published rankings of the whole campus are read
once per page-cache generation and process (one small query after any write, none otherwise)
and looked up by the building's translation key, which the English page shares. Publishing or
withdrawing a ranking saves a ``HygieneRanking``, which bumps the generation: every cached
page and this memo are renewed. Without the page cache installed, the rankings are read per
request (one query).
"""

from wagtail import hooks

from grid_pages.extensions import Section
from grid_pages.models import BuildingPageMixin
from grid_pages.pagecache.generation import PerGeneration

# Rankings shown per building, newest first.
SHOWN = 3


def _load():
    from .models import HygieneRanking

    by_building = {}
    rows = (
        HygieneRanking.objects.filter(published=True)
        .select_related("building")
        .only("title", "start", "end", "rows", "published_at", "building__translation_key")
        .order_by("-end", "-pk")
    )
    for ranking in rows:
        shown = by_building.setdefault(ranking.building.translation_key, [])
        if len(shown) < SHOWN:
            shown.append(ranking)
    return by_building


_kept = PerGeneration(_load)


def published_rankings():
    """{building translation key: [published HygieneRanking, newest first]}."""
    kept = _kept.get_if_installed()
    return _load() if kept is None else kept


@hooks.register("grid_page_sections")
def hygiene_section(page, request):
    if not isinstance(page, BuildingPageMixin):
        return None
    rankings = published_rankings().get(page.translation_key)
    if not rankings:
        return None
    return Section("grid_inspections/includes/hygiene_section.html", {"rankings": rankings}, order=60)
