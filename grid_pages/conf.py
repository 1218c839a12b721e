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
}


def get(name):
    return getattr(settings, f"GRID_PAGES_{name}", DEFAULTS[name])
