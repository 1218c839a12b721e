"""EXPLAIN of the case queue's queries (first page, cursor pages, filters, deadline and status sorts).

Run on a database made by ``cases_bench.py`` (it migrates it first):

    .venv/bin/python bench/queue_plans.py --database-url sqlite:////tmp/cases.sqlite3
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from django.contrib.auth import get_user_model

    from grid_pages.cases import scope
    from grid_pages.cases.models import Case, CaseKind, CaseStatus
    from grid_pages.cases.pagination import KeysetPaginator
    from grid_pages.models import BuildingPage, CommunityPage

    listing = Case.objects.for_list()
    building = BuildingPage.objects.filter(pk__in=Case.objects.values("building_id")).first()
    community = CommunityPage.objects.filter(pk__in=Case.objects.values("community_id")).first()

    def after(queryset, grouped=False):
        """The page after the row half-way down, as the queue's paginator reads it (its first query)."""
        paginator = KeysetPaginator(queryset, 50, grouped=grouped)
        values = paginator.values(paginator.cursor(queryset[queryset.count() // 2]))
        return paginator.following(queryset, values)[:51]

    head = get_user_model().objects.filter(username="bench-building-head").first()
    head_sees = scope.visible_cases(head, listing)
    newest = listing.order_by("-submitted_at", "-pk")
    by_due = listing.order_by("finished", "due_at", "pk")
    by_due_desc = listing.order_by("finished", "-due_at", "-pk")
    by_status = listing.order_by("status_order", "pk")
    queries = {
        "first page": newest[:51],
        "cursor page half-way down": after(newest),
        "oldest page": newest.reverse()[:51],
        "building, cursor page": after(newest.filter(building=building)),
        "community, first page": newest.filter(community=community)[:51],
        "type=suggestion, first page": newest.filter(kind=CaseKind.SUGGESTION)[:51],
        "status=new, first page": newest.filter(status=CaseStatus.NEW)[:51],
        "deadline sort, first page": by_due[:51],
        "deadline sort, cursor page half-way (same group)": after(by_due, grouped=True),
        "deadline sort, next group": by_due.filter(finished__gt=0)[:51],
        "deadline sort descending, first page": by_due_desc[:51],
        "deadline sort, status=new (rank dropped)": listing.filter(status=CaseStatus.NEW).order_by("due_at", "pk")[:51],
        "status sort, first page": by_status[:51],
        "status sort, cursor page half-way": after(by_status, grouped=True),
        "status sort descending, first page": by_status.reverse()[:51],
        "building head's queue (scope), first page": head_sees.order_by("-submitted_at", "-pk")[:51],
        "building head's queue, deadline sort": head_sees.order_by("finished", "due_at", "pk")[:51],
        "count above the list, office (capped)": listing,
        "count above the list, building head (capped)": head_sees,
        "count above the list, type=suggestion (capped)": listing.filter(kind=CaseKind.SUGGESTION),
    }
    print(f"{connection.vendor}: {Case.objects.count()} cases")
    for name, queryset in queries.items():
        print(f"\n-- {name}")
        if name.startswith("count"):
            # As KeysetPaginator.count asks it: at most QUEUE_COUNT_LIMIT + 1 rows.
            sql, params = queryset.order_by().values("pk")[:1001].query.sql_with_params()
            explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
            with connection.cursor() as cursor:
                cursor.execute(f"{explain}SELECT COUNT(*) FROM ({sql}) t", params)
                print("\n".join(str(row[-1]) for row in cursor.fetchall()))
            continue
        print(queryset.explain(**({"analyze": True} if connection.vendor == "postgresql" else {})))


if __name__ == "__main__":
    main()
