"""``manage.py seed_demo``: the demo campus (Chinese pages with English translations) and an admin account."""

import os

from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Locale

from grid_pages.models import CommunityPage
from grid_pages.cases import emails as case_emails
from home import (
    demo_accounts,
    demo_activities,
    demo_campus,
    demo_cases,
    demo_inspections,
    demo_notices,
    demo_plaques,
    demo_reception,
    demo_roster,
    demo_translations,
    translation,
)
from home.models import HomePage

# Content of the grid sub-apps, added to the campus in this order (each is idempotent).
CONTENT_SEEDS = (
    demo_plaques, demo_activities, demo_notices, demo_reception, demo_cases, demo_roster, demo_inspections,
    demo_translations,
)


class DryRun(Exception):
    pass


def base_url(address):
    """http://HOST:PORT from runserver's address: "8001", "0.0.0.0:8001", "[::1]:8001"."""
    host, _sep, port = str(address).strip().rpartition(":")
    host = host or "127.0.0.1"
    if host in ("0.0.0.0", "[::]", "::"):
        host = "127.0.0.1"  # listening everywhere: this machine answers there too
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port or 8000}"


class Command(BaseCommand):
    help = "Create the demo campus and the admin superuser; running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any community page exists already."
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would be created, then roll back.")
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="HOST:PORT the development server will listen on, for the links printed at the end "
            "(`make run PORT=...` passes its own).",
        )

    def handle(self, *args, if_empty=False, dry_run=False, address="127.0.0.1:8000", **options):
        self.base_url = base_url(address)
        if if_empty and CommunityPage.objects.exists():
            self.stdout.write("Communities exist already; not seeding (--if-empty).")
            self.print_links()
            return
        try:
            # Case mail goes out when the transaction commits: none for the made-up people.
            with case_emails.muted(), transaction.atomic():
                result = demo_campus.seed_campus()
                home = HomePage.objects.filter(locale=Locale.get_default()).order_by("path").first()
                for content in CONTENT_SEEDS:
                    content.seed(home, self.stdout)
                # Last, once the demo's own translations exist: every other page gets its alias
                # (English falls back to the Chinese text until translated) and future pages too.
                translation.ensure_synchronization()
                translation.sync_missing()
                aliases = translation.untranslated_pages().count()
                self.stdout.write(f"Pages shown untranslated (aliases kept in sync): {aliases}.")
                env_password = os.environ.get("DJANGO_ADMIN_PASSWORD") or None
                user, password = demo_campus.ensure_admin(env_password)
                handlers = demo_accounts.ensure_handler_logins(env_password or password)
                if env_password:
                    password = None  # never echo a secret the caller already has
                counts = demo_campus.campus_counts(Locale.get_default())
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write("Dry run: nothing was saved.")
        self.report(result, counts, user, password, bool(env_password), dry_run, handlers)

    def report(self, result, counts, user, password, from_env, dry_run, handlers=()):
        self.stdout.write(
            f"Created {result.pages_created} pages, {result.translations_created} translations, "
            f"{result.staff_created} staff members."
        )
        self.stdout.write(
            "Campus: {communities} communities, {buildings} buildings, {floors} floors, {rooms} rooms, "
            "{assignments} grid assignments, {staff} staff members; "
            "{translations} pages translated into English.".format(**counts)
        )
        if dry_run:
            self.stdout.write(f"Admin user: {user.username} (dry run, not saved)")
        elif password:
            self.stdout.write(f"Admin user: {user.username} / password: {password}")
        elif from_env:
            self.stdout.write(f"Admin user: {user.username} (password from DJANGO_ADMIN_PASSWORD)")
        else:
            self.stdout.write(f"Admin user: {user.username} (password unchanged)")
        for username, description, given in () if dry_run else handlers:
            # The admin's password is never echoed when it came from the environment.
            if given and from_env:
                said = "password from DJANGO_ADMIN_PASSWORD"
            elif given and given == password:
                said = "same password as admin"
            elif given:
                said = f"password: {given}"
            else:
                said = "password unchanged"
            self.stdout.write(f"Grid handler: {username} ({said}): {description}")
        self.print_links()

    def print_links(self):
        self.stdout.write(f"Site:  {self.base_url}/  (English: {self.base_url}/en/)")
        self.stdout.write(f"Admin: {self.base_url}/admin/")
