"""`migrate` alone gives a working site: the rate limits' database cache table included."""

import json

from . import run_django


def test_after_migrate_alone_tracking_and_forms_answer(migrated_file_db):
    result = run_django(
        "import json\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from wagtail.models import Site\n"
        "from grid_pages.cases.models import RepairRequestPage\n"
        "root = Site.objects.get(is_default_site=True).root_page\n"
        "page = root.add_child(instance=RepairRequestPage(title='报修', slug='repair'))\n"
        "page.save_revision().publish()\n"
        "client = Client()\n"
        "print(json.dumps({\n"
        "    'table': 'portal_shared_cache' in connection.introspection.table_names(),\n"
        "    'track': client.get('/track/').status_code,\n"
        "    'lookup': client.get('/track/', {'code': 'nonsense'}).status_code,\n"
        "    'form': client.get(page.url).status_code,\n"
        "    'send': client.post(page.url, {'description': ''}).status_code,\n"
        "}))\n",
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_URL=migrated_file_db,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"table": True, "track": 200, "lookup": 404, "form": 200, "send": 200}
