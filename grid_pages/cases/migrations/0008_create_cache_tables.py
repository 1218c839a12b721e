"""The database cache tables the rate limits count in (``GRID_PAGES_CASES_RATELIMIT_CACHE``
is Django's DatabaseCache when the host has no Redis), so that ``migrate`` alone gives a
working site. ``createcachetable`` skips tables that exist, so this is safe to run anywhere."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("grid_cases", "0007_loop_fields"),
    ]

    operations = [
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=True),
    ]
