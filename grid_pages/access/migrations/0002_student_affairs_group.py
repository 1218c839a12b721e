"""The student-affairs group (学生工作部): every page right on the whole tree, from its root."""

import swapper
from django.db import migrations

GROUP_NAME = "学生工作部"
PAGE_PERMISSION_TYPES = ["add", "bulk_delete", "change", "lock", "publish", "unlock"]


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    page_model_name = swapper.get_model_name("wagtailcore", "Page")
    Page = apps.get_model(page_model_name)
    app_label, model_name = swapper.split(page_model_name)
    model_name = model_name.lower()

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    # Permissions are normally created after migrate; make sure ours exist already.
    page_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(access_admin)
    for permission_type in PAGE_PERMISSION_TYPES:
        permission, _ = Permission.objects.get_or_create(
            content_type=page_type,
            codename=f"{permission_type}_{model_name}",
            defaults={"name": f"Can {permission_type.replace('_', ' ')} {model_name}"},
        )
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("grid_access", "0001_grid_approval_task"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        swapper.dependency("wagtailcore", "Page"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
