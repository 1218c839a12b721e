"""EXPLAIN of the case queue's queries (first page, cursor pages, filters, deadline sort).

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
    from grid_pages.cases.models import Case, CaseStatus
    from grid_pages.cases.pagination import KeysetPaginator, seek
    from grid_pages.cases.viewsets import FINISHED_RANK
    from grid_pages.models import BuildingPage

    listing = Case.objects.for_list()
    newest = listing.order_by("-submitted_at", "-pk")
    building = BuildingPage.objects.filter(pk__in=Case.objects.values("building_id")).first()
    middle = newest[Case.objects.count() // 2]
    paginator = KeysetPaginator(newest, 50)
    by_due = listing.annotate(_finished=FINISHED_RANK).order_by("_finished", "due_at", "pk")
    due_middle = by_due[Case.objects.count() // 2]
    due_paginator = KeysetPaginator(by_due, 50)
    queries = {
        "first page": newest[:51],
        "cursor page half-way down": newest.filter(seek(paginator.keys, paginator.values(paginator.cursor(middle)), True))[:51],
        "oldest page": newest.reverse()[:51],
        "building, cursor page": newest.filter(building=building).filter(
            seek(paginator.keys, paginator.values(paginator.cursor(middle)), True))[:51],
        "status=new, first page": newest.filter(status=CaseStatus.NEW)[:51],
        "deadline sort, first page": by_due[:51],
        "deadline sort, cursor page": by_due.filter(
            seek(due_paginator.keys, due_paginator.values(due_paginator.cursor(due_middle)), True))[:51],
        "count (shown above the list)": Case.objects.all(),
    }
    print(f"{connection.vendor}: {Case.objects.count()} cases")
    for name, queryset in queries.items():
        print(f"\n-- {name}")
        if name.startswith("count"):
            with connection.cursor() as cursor:
                sql, params = Case.objects.all().query.sql_with_params()
                cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + f"SELECT COUNT(*) FROM ({sql}) t", params)
                print("\n".join(str(row[-1]) for row in cursor.fetchall()))
            continue
        print(queryset.explain(**({"analyze": True} if connection.vendor == "postgresql" else {})))


if __name__ == "__main__":
    main()
