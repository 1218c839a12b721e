from django.db import migrations

# (name, kind, working days to rectify): what dorm safety and hygiene checks commonly find.
HAZARD_TYPES = [
    ("违章电器", "safety", 1),
    ("私拉电线", "safety", 1),
    ("消防通道堵塞", "safety", 1),
    ("使用明火", "safety", 1),
    ("吸烟", "safety", 1),
    ("电源插座超负荷", "safety", 2),
    ("充电设备违规", "safety", 1),
    ("存放易燃易爆物品", "safety", 1),
    ("门窗门锁损坏", "safety", 3),
    ("卫生不合格", "hygiene", 2),
    ("垃圾未及时清理", "hygiene", 1),
    ("物品摆放杂乱", "hygiene", 2),
    ("饲养宠物", "hygiene", 3),
]


def seed(apps, schema_editor):
    HazardType = apps.get_model("grid_inspections", "HazardType")
    for order, (name, kind, days) in enumerate(HAZARD_TYPES):
        HazardType.objects.get_or_create(name=name, defaults={"kind": kind, "rectify_days": days, "sort_order": order})


def unseed(apps, schema_editor):
    HazardType = apps.get_model("grid_inspections", "HazardType")
    HazardType.objects.filter(name__in=[row[0] for row in HAZARD_TYPES], findings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("grid_inspections", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
