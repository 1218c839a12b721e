"""The iCalendar feed of a reception page's sessions."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import ReceptionSession, reception_now

# Past sessions stay in the feed a while so that calendars do not drop them at once.
FEED_PAST_DAYS = 90
FEED_LIMIT = 500


def session_uid(session, host):
    """Stable per session: calendars update an event instead of duplicating it."""
    return f"reception-session-{session.pk}@{host}"


def sessions_calendar(page, host, url=None):
    """``page``'s sessions from FEED_PAST_DAYS ago on, as iCalendar bytes (times in Asia/Shanghai);
    each event links to ``url`` (the reception page's absolute URL) when given."""
    since = (reception_now() - timedelta(days=FEED_PAST_DAYS)).date()
    sessions = (
        ReceptionSession.objects.filter(page__translation_key=page.translation_key, date__gte=since)
        .select_related("leader")
        .order_by("date", "start_time", "pk")[:FEED_LIMIT]
    )
    cal = Calendar()
    cal.add("prodid", "-//grid_pages//reception//")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", page.title)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    for session in sessions:
        event = Event()
        event.add("uid", session_uid(session, host))
        event.add("dtstamp", session.created_at or timezone.now())
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        leader = " ".join(part for part in (session.display_position, session.display_name) if part)
        event.add("summary", _("Reception day: %(leader)s") % {"leader": leader})
        event.add("location", session.place)
        if session.topics:
            event.add("description", session.topics)
        if url:
            event.add("url", url)
        cal.add_component(event)
    # VTIMEZONE for Asia/Shanghai, so clients that ignore TZID names still get +08:00.
    cal.add_missing_timezones()
    return cal.to_ical()
