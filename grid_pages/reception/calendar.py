"""iCalendar files: a reception page's sessions (a feed to subscribe to) and one booking (to add
to the student's own calendar).

UIDs are built from the object and a fixed domain (``GRID_PAGES_CALENDAR_DOMAIN``, else the
host name of the page's Site), never from the request's host: fetched under another host name,
the same session keeps its UID and calendars update it instead of adding a copy.
"""

from datetime import datetime, timedelta

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .. import conf
from .models import RECEPTION_TZ, Booking, ReceptionSession, reception_now

# Past sessions stay in the feed a while so that calendars do not drop them at once.
FEED_PAST_DAYS = 90
FEED_LIMIT = 500
BOOKING_SALT = "grid_reception.booking_ics"


def calendar_domain(page):
    """The domain of every UID of ``page``'s events."""
    domain = conf.get("CALENDAR_DOMAIN")
    if domain:
        return domain
    site = page.get_site()
    return site.hostname if site else "localhost"


def session_uid(session, domain):
    """Stable per session: calendars update an event instead of duplicating it."""
    return f"reception-session-{session.pk}@{domain}"


def booking_uid(booking, domain):
    return f"reception-booking-{booking.pk}@{domain}"


def _calendar(name):
    cal = Calendar()
    cal.add("prodid", "-//grid_pages//reception//")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Shanghai")
    return cal


def _session_event(session, uid, url, starts=None, ends=None, stamp=None):
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp or session.created_at or timezone.now())
    event.add("dtstart", starts or session.starts_at)
    event.add("dtend", ends or session.ends_at)
    leader = " ".join(part for part in (session.display_position, session.display_name) if part)
    event.add("summary", _("Reception day: %(leader)s") % {"leader": leader})
    event.add("location", session.place)
    if url:
        event.add("url", url)
    return event


def _ical(cal):
    # VTIMEZONE for Asia/Shanghai, so clients that ignore TZID names still get +08:00.
    cal.add_missing_timezones()
    return cal.to_ical()


def sessions_calendar(page, url=None):
    """``page``'s sessions from FEED_PAST_DAYS ago on, as iCalendar bytes (times in Asia/Shanghai);
    each event links to ``url`` (the reception page's absolute URL) when given."""
    since = (reception_now() - timedelta(days=FEED_PAST_DAYS)).date()
    sessions = (
        ReceptionSession.objects.filter(page__translation_key=page.translation_key, date__gte=since)
        .select_related("leader")
        .order_by("date", "start_time", "pk")[:FEED_LIMIT]
    )
    domain = calendar_domain(page)
    cal = _calendar(page.title)
    for session in sessions:
        event = _session_event(session, session_uid(session, domain), url)
        if session.topics:
            event.add("description", session.topics)
        cal.add_component(event)
    return _ical(cal)


def booking_calendar(booking, url=None):
    """One booking as iCalendar bytes: its slot (or the whole session), the place, and the
    confirmation code the student needs to cancel. Nothing about the student: the file travels."""
    session = booking.session
    starts = ends = None
    if booking.slot_id:
        starts = datetime.combine(session.date, booking.slot.starts, tzinfo=RECEPTION_TZ)
        ends = datetime.combine(session.date, booking.slot.ends, tzinfo=RECEPTION_TZ)
    cal = _calendar(session.page.title)
    uid = booking_uid(booking, calendar_domain(session.page))
    event = _session_event(session, uid, url, starts, ends, stamp=booking.cancelled_at or booking.created_at)
    event.add("description", _("Confirmation code: %(code)s") % {"code": booking.display_code})
    event.add("status", "CANCELLED" if booking.cancelled_at else "CONFIRMED")
    if booking.cancelled_at:
        event.add("sequence", 1)
    cal.add_component(event)
    return _ical(cal)


def booking_token(booking):
    """An unguessable token for a booking's .ics URL (signed id): the confirmation page links to
    it, and nobody can walk through other bookings by changing a number."""
    return signing.Signer(salt=BOOKING_SALT).sign(str(booking.pk))


def booking_from_token(token):
    """The booking of ``token``, or None for a forged or unknown one."""
    try:
        pk = int(signing.Signer(salt=BOOKING_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return Booking.objects.select_related("session__page", "session__leader", "slot").filter(pk=pk).first()
