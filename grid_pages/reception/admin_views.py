"""Staff views: a session's bookings, and their export.

Other apps add links to each booking row through the ``grid_reception_booking_actions`` hook
(e.g. the cases app: "record as a case"), so reception never imports them::

    @hooks.register("grid_reception_booking_actions")
    def my_actions(request, session, bookings):
        return {booking.pk: [(label, url_or_None), ...], ...}

A hook answers for all the bookings at once, so it can keep to one query.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail import hooks

from . import exports
from .models import Booking, ReceptionSession

EXPORTS = {"csv": exports.csv_response, "xlsx": exports.xlsx_response}


def can_view_bookings(user):
    return user.has_perm("grid_reception.view_booking")


def booking_actions(request, session, bookings):
    """{booking pk: [(label, url or None)]} gathered from the ``grid_reception_booking_actions`` hooks."""
    actions = {}
    for hook in hooks.get_hooks("grid_reception_booking_actions"):
        for pk, links in (hook(request, session, bookings) or {}).items():
            actions.setdefault(pk, []).extend(links)
    return actions


def session_bookings(request, pk):
    """Every booking of one session (cancelled ones too, marked); ``?export=csv|xlsx`` downloads them."""
    if not can_view_bookings(request.user):
        raise PermissionDenied
    session = get_object_or_404(ReceptionSession.objects.select_related("page", "leader"), pk=pk)
    bookings = list(
        Booking.objects.filter(session=session).select_related("slot").order_by("cancelled_at", "slot__starts", "created_at", "pk")
    )
    export = EXPORTS.get(request.GET.get("export", ""))
    if export:
        return export(session, bookings)
    actions = booking_actions(request, session, bookings)
    for booking in bookings:
        booking.actions = actions.get(booking.pk, [])
    return TemplateResponse(
        request,
        "grid_reception/admin/session_bookings.html",
        {
            "session": session,
            "bookings": bookings,
            "has_actions": bool(actions),
            "active_count": sum(1 for b in bookings if b.is_active),
            "header_title": _("Bookings: %(session)s") % {"session": session},
        },
    )
