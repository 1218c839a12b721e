"""The matter list the policy starts from (网格服务管理事项清单); staff edit it as snippets."""

import uuid

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant

REPAIR = [
    # name, handling level, days, department
    ("水", "building", 2, ""),
    ("电", "building", 1, ""),
    ("门窗", "floor", 3, ""),
    ("家具", "floor", 3, ""),
    ("网络", "department", 2, "网络信息中心"),
    ("空调", "department", 3, "后勤保障处"),
    ("其他", "floor", 3, ""),
]
SUGGESTION = [
    ("学习", "community", 5, ""),
    ("生活", "floor", 5, ""),
    ("安全", "building", 2, ""),
    ("后勤", "office", 5, ""),
    ("其他", "floor", 5, ""),
]


def add_matters(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    CaseCategory = apps.get_model("grid_cases", "CaseCategory")
    if CaseCategory.objects.exists():
        return
    # The default locale as Wagtail picks it (its own initial locale uses the same rule).
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    rows = []
    for kind, matters in (("repair", REPAIR), ("suggestion", SUGGESTION)):
        for order, (name, level, days, department) in enumerate(matters):
            rows.append(
                CaseCategory(
                    kind=kind,
                    name=name,
                    handling_level=level,
                    deadline_days=days,
                    department=department,
                    sort_order=order,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                )
            )
    CaseCategory.objects.bulk_create(rows)


def remove_matters(apps, schema_editor):
    CaseCategory = apps.get_model("grid_cases", "CaseCategory")
    CaseCategory.objects.filter(cases__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("grid_cases", "0001_initial")]

    operations = [migrations.RunPython(add_matters, remove_matters)]
