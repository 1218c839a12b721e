"""GRID_PAGES_* settings with their defaults; the only place grid_pages reads settings."""

from django.conf import settings

DEFAULTS = {
    # Page types a community page may be created under; None means anywhere
    # except inside another grid page.
    "COMMUNITY_PARENT_PAGE_TYPES": None,
    # Most candidates a find-my-room search lists before asking for more detail.
    "LOOKUP_MAX_CANDIDATES": 20,
    # The working calendar (``workcalendar``): the office hours of a working day, as "HH:MM"
    # in WORK_TIME_ZONE. Deadlines in working days and hours count only this time.
    "WORKDAY_START": "08:00",
    "WORKDAY_END": "17:30",
    "WORK_TIME_ZONE": "Asia/Shanghai",
    # Show room heads (students) to visitors who are not signed-in staff as surname + 同学 with
    # a masked mobile number (privacy.py).
    "MASK_STUDENT_CONTACTS": True,
    # Group whose members work for the whole campus (the student-affairs office): they see the
    # records of every part of the grid (scope.py).
    "OFFICE_GROUP": "学生工作部",
    # Grid roles whose people work for their page's part of the grid (scope.py); room heads are
    # students and hold none.
    "STAFF_ROLES": ("community_head", "building_head", "floor_head", "counsellor", "dorm_keeper"),
    # Domain in the UIDs of calendar events (reception sessions and bookings), so that a calendar
    # recognises an event it already has however the file was fetched. Empty: the host name of
    # the page's Wagtail Site, never the request's.
    "CALENDAR_DOMAIN": "",
    # The concrete page models of the grid's three levels, as "app_label.ModelName". A site that
    # builds its own grid pages from the mixins (CommunityPageMixin, ...) names them here; every
    # query of grid_pages and its sub-apps that finds grid pages goes through the getters below.
    # Like AUTH_USER_MODEL, set them before the first migrate and do not change them afterwards.
    "COMMUNITY_MODEL": "grid_pages.CommunityPage",
    "BUILDING_MODEL": "grid_pages.BuildingPage",
    "FLOOR_MODEL": "grid_pages.FloorPage",
}


def get(name):
    return getattr(settings, f"GRID_PAGES_{name}", DEFAULTS[name])


def get_page_model():
    """The site's base page model: ``WAGTAIL_PAGE_MODEL`` when the site swaps it, else Wagtail's
    ``Page``. grid_pages' own pages are built on it and its queries over all pages use it."""
    import swapper

    swapper.set_app_prefix("wagtailcore", "wagtail")  # the setting is WAGTAIL_PAGE_MODEL
    return swapper.load_model("wagtailcore", "Page", require_ready=False)


def _model(name):
    from django.apps import apps

    # require_ready=False: page classes name their parent and child types while models load.
    return apps.get_model(get(name), require_ready=False)


def get_community_model():
    """The community page model in use (``GRID_PAGES_COMMUNITY_MODEL``), as ``get_user_model``."""
    return _model("COMMUNITY_MODEL")


def get_building_model():
    """The building page model in use (``GRID_PAGES_BUILDING_MODEL``)."""
    return _model("BUILDING_MODEL")


def get_floor_model():
    """The floor page model in use (``GRID_PAGES_FLOOR_MODEL``)."""
    return _model("FLOOR_MODEL")
