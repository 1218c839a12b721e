"""A matter a student raises at a reception day (接待日) recorded as a case from their booking.

Reception and cases do not import each other: when both are installed, cases answers the
reception hook ``grid_reception_booking_actions`` (a link per booking: its cases, and
"Record as a case") and reads bookings through the app registry. The case keeps the booking
in ``Case.origin`` and its history says where the matter was raised.
"""

from django import forms
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from grid_pages.conf import get_building_model
from grid_pages.lookup import find_rooms
from grid_pages.models import Room

from . import scope, services
from .admin_dashboard import default_locale_pages
from .models import Case, CaseCategory

RECEPTION_APP = "grid_pages.reception"


def reception_installed():
    return apps.is_installed(RECEPTION_APP)


def booking_origin(booking_pk):
    return f"grid_reception.booking:{booking_pk}"


def can_record(user):
    """Staff who see reception bookings and work the case queue."""
    return scope.can_use_queue(user) and user.has_perm("grid_reception.view_booking")


class ReceptionCaseForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Matter"), queryset=CaseCategory.objects.none())
    building = forms.ModelChoiceField(label=_("Building"), queryset=get_building_model().objects.none())
    room = forms.CharField(label=_("Room"), required=False, max_length=20, help_text=_("The room number, if the matter concerns one."))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), max_length=services.MAX_DESCRIPTION)
    contact_name = forms.CharField(label=_("Name"), required=False, max_length=40)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = CaseCategory.objects.filter(active=True, locale=Locale.get_default())
        self.fields["building"].queryset = scope.grid_pages_in_scope(user, default_locale_pages(get_building_model()).live())

    def clean(self):
        data = super().clean()
        building, number = data.get("building"), (data.get("room") or "").strip()
        data["room_obj"] = None
        if building is not None and number:
            room = Room.objects.filter(floor__path__startswith=building.path, number=number).first()
            if room is None:
                self.add_error("room", _("No room %(room)s in this building.") % {"room": number})
            data["room_obj"] = room
        return data


def initial_from(booking):
    """The form prefilled from the booking: the student's words, name and, when the room text
    finds one room (or building), the place."""
    initial = {"description": booking.topic, "contact_name": booking.name}
    found = find_rooms(booking.room, locale=Locale.get_default()) if booking.room else None
    if found is not None and found.room is not None:
        initial["building"] = found.room.building.pk
        initial["room"] = found.room.number
    elif found is not None and found.building is not None:
        initial["building"] = found.building.pk
    return initial


def record_case(request, booking_pk):
    """GET the prefilled form; POST records the case through ``services.submit_case``."""
    if not can_record(request.user):
        raise PermissionDenied
    Booking = apps.get_model("grid_reception", "Booking")
    booking = get_object_or_404(Booking.objects.select_related("session"), pk=booking_pk)
    session = booking.session
    bookings_url = reverse("grid_reception_admin:session_bookings", args=[session.pk])
    if request.method == "POST":
        form = ReceptionCaseForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            note = gettext("Raised at the reception day %(session)s (booking %(code)s).") % {
                "session": session,
                "code": booking.display_code,
            }
            try:
                case, _created = services.submit_case(
                    kind=data["category"].kind,
                    category=data["category"],
                    description=data["description"],
                    room=data["room_obj"],
                    building=None if data["room_obj"] else data["building"],
                    contact_name=data["contact_name"],
                    phone=data["phone"],
                    email=data["email"],
                    origin=booking_origin(booking.pk),
                    recorded_by=request.user,
                    note=note,
                )
            except services.CaseError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, gettext("Case %(code)s recorded.") % {"code": case.display_code})
                if scope.can_view(request.user, case):
                    return redirect("grid_cases_queue:detail", case.pk)
                return redirect(bookings_url)
    else:
        form = ReceptionCaseForm(initial=initial_from(booking), user=request.user)
    return TemplateResponse(
        request,
        "grid_cases/admin/reception_case.html",
        {
            "form": form,
            "booking": booking,
            "session": session,
            "bookings_url": bookings_url,
            "header_title": gettext("Record a case from booking %(code)s") % {"code": booking.display_code},
            "page_title": gettext("Record a case from booking %(code)s") % {"code": booking.display_code},
        },
    )


def booking_case_links(request, session, bookings):
    """For the reception hook: each booking's cases (one query), and "Record as a case"."""
    if not can_record(request.user) or not bookings:
        return {}
    origins = {booking_origin(b.pk): b.pk for b in bookings}
    links = {b.pk: [] for b in bookings}
    for case in Case.objects.filter(origin__in=origins).order_by("submitted_at", "pk"):
        url = reverse("grid_cases_queue:detail", args=[case.pk]) if scope.can_view(request.user, case) else None
        links[origins[case.origin]].append((gettext("Case %(code)s") % {"code": case.display_code}, url))
    for booking in bookings:
        links[booking.pk].append((gettext("Record as a case"), reverse("grid_cases_reception:record", args=[booking.pk])))
    return links
