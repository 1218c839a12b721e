import contextlib
import sqlite3

import pytest
from django.db import connection, connections
from wagtail.models import Page, Site

from tests.factories import (
    BuildingPageFactory,
    CommunityPageFactory,
    FloorPageFactory,
    GridAssignmentFactory,
    HomePageFactory,
    RoomFactory,
    StaffMemberFactory,
)
from grid_pages.roles import GridRole


@pytest.fixture(autouse=True)
def fresh_generation():
    """Start each test on a new page-cache generation: what a process keeps per generation (the
    campus's upcoming activities and landmarks, the hygiene rankings) may have been read from an
    earlier test's rows, which its rollback removed without a write to bump it."""
    from grid_pages.pagecache import generation

    generation.bump()


@pytest.fixture(autouse=True)
def default_language():
    """Start each test in the site's default language. A request through the test client
    activates its language in the thread (LocaleMiddleware) and leaves it active: after a test
    whose last request was an English page, ``reverse()`` would give /en/ URLs and a form
    posted to them would answer in English."""
    from django.utils import translation

    translation.deactivate()


def ensure_migration_rows():
    """Transactional tests flush every table, the rows Wagtail's migrations made
    included: put back the default locale, the root page and the default site."""
    from django.conf import settings
    from wagtail.models import Locale

    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        Site.objects.create(hostname="localhost", root_page=root, is_default_site=True)


@pytest.fixture
def home_page(db):
    """A HomePage as the default site's root, replacing Wagtail's welcome page."""
    ensure_migration_rows()
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="portal-home")
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    site.root_page = home
    site.save()
    if old_root.pk != home.pk and old_root.depth == 2:
        old_root.delete()
    return home


def build_building(community, *, number, floors=2, rooms_per_floor=3, title=None):
    """A building with floors, rooms and a head at every level; returns the building."""
    building = BuildingPageFactory(
        parent=community, title=title or f"{community.short_name}{number}栋", short_number=str(number),
        slug=f"b{number}",
    )
    GridAssignmentFactory(page=building, role=GridRole.BUILDING_HEAD, staff=StaffMemberFactory(position="党支部书记"))
    for level in range(1, floors + 1):
        floor = FloorPageFactory(parent=building, number=level, title=f"{level}层", slug=f"f{level}")
        GridAssignmentFactory(page=floor, role=GridRole.FLOOR_HEAD)
        for i in range(1, rooms_per_floor + 1):
            RoomFactory(floor=floor, number=f"{level}{i:02d}", head=StaffMemberFactory(position="寝室长"), sort_order=i)
    return building


@pytest.fixture
def campus(home_page):
    """Two communities; both have a building numbered 3 (for ambiguity), floors 1-5, rooms x01-x03."""
    xiangyuan = CommunityPageFactory(parent=home_page, title="庠园社区", short_name="庠园", slug="xiangyuan")
    GridAssignmentFactory(page=xiangyuan, role=GridRole.COMMUNITY_HEAD, staff=StaffMemberFactory(position="副院长"))
    qinyuan = CommunityPageFactory(parent=home_page, title="沁园社区", short_name="沁园", slug="qinyuan")
    GridAssignmentFactory(page=qinyuan, role=GridRole.COMMUNITY_HEAD, staff=StaffMemberFactory(position="副书记"))
    x3 = build_building(xiangyuan, number=3, floors=5)
    x5 = build_building(xiangyuan, number=5, floors=2)
    q3 = build_building(qinyuan, number=3, floors=2)
    return {"home": home_page, "xiangyuan": xiangyuan, "qinyuan": qinyuan, "x3": x3, "x5": x5, "q3": q3}


@contextlib.contextmanager
def sqlite_on_file(path):
    """Copy the in-memory SQLite test database to the file ``path`` and point the default
    connection there until the block ends (other processes or threads can then reach it);
    PostgreSQL is used as it is."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    settings_dict = connections.settings["default"]
    memory_name = settings_dict["NAME"]
    connection.ensure_connection()
    target = sqlite3.connect(str(path))
    connection.connection.backup(target)
    target.close()
    # Keep the in-memory connection open aside: closing it would drop the database.
    memory_connection = connection.connection
    connection.connection = None
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = memory_name
        connection.connection = memory_connection


@pytest.fixture
def shared_database(tmp_path):
    """Threads need a database they can all lock. The SQLite test database is
    in-memory with a shared cache, where a second writer fails at once with
    "table is locked" instead of waiting (busy_timeout does not apply), so copy it
    to a file for this test and point the connection settings there; the site's
    OPTIONS (IMMEDIATE transactions, busy timeout) still apply. Other backends
    (PostgreSQL) are used as they are."""
    with sqlite_on_file(tmp_path / "shared.sqlite3"):
        yield
