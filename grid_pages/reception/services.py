"""Booking and cancelling: the only writers of bookings.

Capacity holds under concurrent requests because ``book`` re-reads the session
with ``select_for_update()`` inside a transaction (PostgreSQL: bookers of one
session queue on its row; SQLite: the site opens IMMEDIATE transactions, so
writers queue on the database lock), and because partial unique constraints
refuse a second active booking of one slot or by one student number.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from ..mail import with_change
from . import emails
from .models import Booking, ReceptionSession, ReceptionSlot, new_booking_code, normalise_code


class BookingError(Exception):
    """Why a booking was refused; ``field`` names the form field to blame, if any;
    ``alternatives`` are free slots or sessions to offer instead."""

    def __init__(self, message, field=None, alternatives=()):
        super().__init__(message)
        self.message = message
        self.field = field
        self.alternatives = list(alternatives)


class SessionFull(BookingError):
    pass


class SlotTaken(BookingError):
    pass


def free_slots(session):
    """The session's slots nobody holds an active booking for, in time order."""
    taken = Booking.objects.active().filter(session=session, slot__isnull=False).values("slot_id")
    return list(session.slots.exclude(pk__in=taken).order_by("starts"))


def other_open_sessions(session, limit=5):
    """Upcoming sessions of the same page that still have room, for a student turned away."""
    candidates = (
        ReceptionSession.objects.filter(page_id=session.page_id)
        .exclude(pk=session.pk)
        .upcoming()
        .with_counts()[: limit * 3]
    )
    return [s for s in candidates if s.places_left > 0][:limit]


def check_bookable(session, slot, student_number):
    """Refuse with a BookingError unless ``student_number`` may take ``slot`` (or a place) now.

    Call with the session row locked (see ``book``).
    """
    if session.is_over():
        raise BookingError(_("This session is over; it can no longer be booked."))
    if session.uses_slots:
        if slot is None:
            raise BookingError(_("Choose a time slot."), field="slot")
        if slot.session_id != session.pk:
            raise BookingError(_("That time slot does not belong to this session."), field="slot")
        if Booking.objects.active().filter(slot=slot).exists():
            free = free_slots(session)
            if free:
                raise SlotTaken(
                    _("The slot %(slot)s has just been taken. Please choose another one.") % {"slot": slot},
                    field="slot",
                    alternatives=free,
                )
            raise SessionFull(
                _("All slots of this session are taken."), alternatives=other_open_sessions(session)
            )
    elif Booking.objects.active().filter(session=session).count() >= (session.capacity or 0):
        raise SessionFull(
            _("This session is full: all %(places)d places are taken.") % {"places": session.capacity or 0},
            alternatives=other_open_sessions(session),
        )
    if Booking.objects.active().filter(session=session, student_number=student_number).exists():
        raise BookingError(
            _("Student number %(number)s has already booked this session.") % {"number": student_number},
            field="student_number",
        )


def book(session, slot=None, *, name, student_number, room, topic, email=""):
    """Book a place (or ``slot``) at ``session``; returns the Booking with its confirmation code.

    Raises BookingError (SessionFull, SlotTaken) with a translated message. With an ``email`` the
    student gets the confirmation mail with the booking's calendar file, as part of the booking
    (grid_pages.mail.with_change: stored with it under a durable mail backend).
    """
    student_number = student_number.strip()
    with transaction.atomic():
        session = ReceptionSession.objects.select_for_update().get(pk=session.pk)
        if slot is not None:
            slot = ReceptionSlot.objects.filter(pk=slot.pk if isinstance(slot, ReceptionSlot) else slot).first()
            if slot is None:
                raise BookingError(_("That time slot does not exist."), field="slot")
        check_bookable(session, slot, student_number)
        for _attempt in range(5):
            try:
                with transaction.atomic():  # a savepoint: a lost race leaves the outer transaction usable
                    booking = Booking.objects.create(
                        session=session,
                        slot=slot,
                        name=name.strip(),
                        student_number=student_number,
                        room=room.strip(),
                        topic=topic.strip(),
                        email=(email or "").strip(),
                        language=translation.get_language() or "",
                        code=new_booking_code(),
                    )
                if booking.email:
                    with_change(emails.send_booking_mail, booking.pk)
                return booking
            except IntegrityError:
                # Either the constraints caught a race the lock did not (the check
                # raises the right message), or the random code collided (try again).
                check_bookable(session, slot, student_number)
        raise BookingError(_("The booking could not be saved. Please try again."))


def cancel(code, student_number):
    """Cancel the active booking with this code and student number; returns it.

    Both must match, so a code overheard is not enough to cancel someone's place.
    """
    with transaction.atomic():
        booking = (
            # No ordering: the default one joins the slot, and PostgreSQL cannot lock an outer join.
            Booking.objects.active()
            .select_for_update()
            .filter(code=normalise_code(code), student_number=student_number.strip())
            .order_by()
            .first()
        )
        if booking is None:
            raise BookingError(
                _("No active booking matches this code and student number."), field="code"
            )
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["cancelled_at"])
        if booking.email:
            with_change(emails.send_booking_mail, booking.pk)
    return Booking.objects.select_related("session", "slot").get(pk=booking.pk)
