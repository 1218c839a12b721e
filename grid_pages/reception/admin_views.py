"""Staff views: a session's bookings, and their export."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from . import exports
from .models import Booking, ReceptionSession

EXPORTS = {"csv": exports.csv_response, "xlsx": exports.xlsx_response}


def can_view_bookings(user):
    return user.has_perm("grid_reception.view_booking")


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
    return TemplateResponse(
        request,
        "grid_reception/admin/session_bookings.html",
        {
            "session": session,
            "bookings": bookings,
            "active_count": sum(1 for b in bookings if b.is_active),
            "header_title": _("Bookings: %(session)s") % {"session": session},
        },
    )
