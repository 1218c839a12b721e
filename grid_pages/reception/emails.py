"""Mail to a student about their booking: the confirmation, with the booking's calendar file
attached, and the cancellation, whose calendar file tells the calendar to drop the event
(same UID, STATUS:CANCELLED). Only for bookings that left an address; sent in the language
the student booked in. Failures are logged, never raised: the booking stands without its mail.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..mail import absolute_url


logger = logging.getLogger(__name__)


def booking_mail(booking):
    """The EmailMessage for ``booking`` as it is now (confirmed or cancelled)."""
    from .calendar import booking_calendar

    session = booking.session
    page_url = session.page.full_url
    with translation.override(booking.language or settings.LANGUAGE_CODE):
        if booking.cancelled_at:
            subject = _("Your reception booking %(code)s is cancelled") % {"code": booking.display_code}
        else:
            subject = _("Your reception booking %(code)s") % {"code": booking.display_code}
        body = render_to_string(
            "grid_reception/email/booking.txt",
            {
                "booking": booking,
                "session": session,
                "page_url": page_url,
                "cancel_url": absolute_url(session.page, reverse("grid_reception:cancel")),
            },
        )
        ics = booking_calendar(booking, url=page_url)
    message = EmailMessage(
        " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [booking.email]
    )
    message.attach("reception-booking.ics", ics, "text/calendar")
    return message


def send_booking_mail(booking_id):
    from .models import Booking

    try:
        booking = Booking.objects.select_related("session__page", "session__leader", "slot").get(pk=booking_id)
        if booking.email:
            booking_mail(booking).send(fail_silently=False)
    except Exception:
        logger.exception("Could not send the mail for reception booking %s", booking_id)
