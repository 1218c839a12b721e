"""Every non-default content locale syncs from the default one (wagtail-localize's "Sync from").

An existing site gets the setting here; the aliases for its existing pages are made by the
``post_migrate`` receiver (``home.translation.sync_after_migrate``) right after, since a
migration's historical models cannot copy pages.
"""

from django.conf import settings
from django.db import migrations
from django.utils.translation import get_supported_language_variant


def add_synchronization(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    LocaleSynchronization = apps.get_model("wagtail_localize", "LocaleSynchronization")
    default = Locale.objects.filter(language_code=get_supported_language_variant(settings.LANGUAGE_CODE)).first()
    if default is None:
        return
    for locale in Locale.objects.exclude(pk=default.pk):
        LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": default})


def remove_synchronization(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    LocaleSynchronization = apps.get_model("wagtail_localize", "LocaleSynchronization")
    default = Locale.objects.filter(language_code=get_supported_language_variant(settings.LANGUAGE_CODE)).first()
    if default is not None:
        LocaleSynchronization.objects.filter(sync_from=default).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtail_localize", "0012_localesynchronization"),
    ]

    operations = [migrations.RunPython(add_synchronization, remove_synchronization)]
