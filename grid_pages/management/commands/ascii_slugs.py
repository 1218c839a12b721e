"""``manage.py ascii_slugs [--dry-run] [--all-locales]``: readable ASCII slugs for existing grid pages.

Pages created before ``grid_pages.slugs`` (by an import, or in the admin from a Chinese title) have
their title as slug, percent-encoded in every link. This gives each community, building and floor
page whose slug is not ASCII its pinyin or number slug, parents first; old URLs redirect (301) to
the pages when ``wagtail.contrib.redirects`` is installed. Running it again changes nothing.
"""

from contextlib import nullcontext

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale

from grid_pages.models import GridPageMixin
from grid_pages.slugs import needs_reslug, redirects_installed, reslug


def grid_page_models():
    return [m for m in apps.get_models() if issubclass(m, GridPageMixin) and not m._meta.abstract]


class Command(BaseCommand):
    help = "Give community, building and floor pages with non-ASCII slugs readable ASCII ones, redirecting the old URLs."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would change; change nothing.")
        parser.add_argument(
            "--all-locales",
            action="store_true",
            help="Also translations (by default only pages in the default language: a translation keeps its own slug).",
        )

    def handle(self, *args, dry_run=False, all_locales=False, **options):
        models = grid_page_models()
        if not models:
            return
        base = models[0].base_page_model
        pages = base.objects.type(*models).order_by("path")
        if not all_locales:
            pages = pages.filter(locale=Locale.get_default())
        wanted = [pk for pk, slug in pages.values_list("pk", "slug") if needs_reslug(slug)]
        changed = 0
        # One transaction per page (a long campus is not locked whole); the dry run rolls back
        # one transaction for all, so that siblings' new slugs are counted as they would be.
        with transaction.atomic() if dry_run else nullcontext():
            for pk in wanted:
                page = base.objects.get(pk=pk).specific  # read again: a parent's change moved its URL
                old_url = page.url_path
                reslug(page)
                changed += 1
                self.stdout.write(f"{old_url} -> {page.url_path}")
            if dry_run:
                transaction.set_rollback(True)
        verb = "would get" if dry_run else "got"
        self.stdout.write(f"{changed} page(s) {verb} an ASCII slug.")
        if changed and not redirects_installed():
            self.stdout.write("wagtail.contrib.redirects is not installed: the old URLs are not redirected.")
