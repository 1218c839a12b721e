"""Public booking, cancelling and the calendar feed.

The reception page itself (a Wagtail page) carries no form and no CSRF token so
anonymous visits stay cacheable; booking and cancelling live on their own URLs,
which need the token because they take POSTs.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from . import calendar, services
from .forms import BookingForm, CancelForm
from .models import ReceptionPage, ReceptionSession


def _session_or_404(pk):
    return get_object_or_404(ReceptionSession.objects.with_texts().filter(page__live=True), pk=pk)


@never_cache
@csrf_protect
def book(request, pk):
    session = _session_or_404(pk)
    free_slots = services.free_slots(session) if session.uses_slots else []
    form = BookingForm(request.POST or None, session=session, free_slots=free_slots)
    context = {"session": session, "form": form, "free_slots": free_slots, "alternatives": []}
    if session.is_over():
        context["closed"] = True
        return render(request, "grid_reception/book.html", context)
    if (not free_slots) if session.uses_slots else session.places_left == 0:
        context["full"] = True
        context["alternatives"] = services.other_open_sessions(session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = services.book(
                session,
                data.get("slot"),
                name=data["name"],
                student_number=data["student_number"],
                room=data["room"],
                topic=data["topic"],
                email=data.get("email", ""),
            )
        except services.BookingError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            context["alternatives"] = error.alternatives
            context["full"] = isinstance(error, services.SessionFull)
            if isinstance(error, services.SlotTaken):
                # Offer only what is still free now.
                form.fields["slot"].choices = [(s.pk, str(s)) for s in error.alternatives]
                context["alternatives"] = []
            return render(request, "grid_reception/book.html", context, status=409)
        return render(
            request,
            "grid_reception/booked.html",
            {"session": session, "booking": booking, "booking_token": calendar.booking_token(booking)},
        )
    return render(request, "grid_reception/book.html", context)


@never_cache
@csrf_protect
def cancel(request):
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.cancel(form.cleaned_data["code"], form.cleaned_data["student_number"])
        except services.BookingError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "grid_reception/cancelled.html", {"booking": booking})
    return render(request, "grid_reception/cancel.html", {"form": form})


def sessions_ics(request, page_id):
    page = get_object_or_404(ReceptionPage.objects.live(), pk=page_id)
    # Event ids and links come from settings and the Site record, never the request's host.
    body = calendar.sessions_calendar(page, url=page.full_url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="reception-%d.ics"' % page.pk
    return response


@never_cache
def booking_ics(request, token):
    """One booking as an .ics file, linked from the confirmation page by a signed token."""
    booking = calendar.booking_from_token(token)
    if booking is None:
        raise Http404
    body = calendar.booking_calendar(booking, url=booking.session.page.full_url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reception-booking.ics"'
    return response

