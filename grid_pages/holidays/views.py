"""Admin screens of the holiday work: the floors of a holiday, a floor's return round (phone
first), the unreturned and their follow-up, and the ledger. Each parses, authorises through
``scope`` and calls one service; a refused POST renders the form again with what was typed."""

import uuid
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grid_pages.conf import get_floor_model
from grid_pages.models import Room
from grid_pages.roster import scope as roster_scope
from grid_pages.roster.admin_common import PlaceFilterForm, ledger_response
from grid_pages.roster.exports import cells
from grid_pages.roster.models import Student
from grid_pages.roster.places import attach_floor_places, attach_places
from grid_pages.spreadsheets import Text, text_value

from . import scope, services
from .models import Declaration, FollowUp, FollowUpEvent, HolidayDeclarationPage, HolidayPeriod, Outcome, Plan
from .public import make_link_token


def _authorise(request):
    if not scope.can_use(request.user):
        raise PermissionDenied


def period_floors(request, pk):
    """The floors of the user's scope for one holiday, with how many are not back."""
    _authorise(request)
    period = get_object_or_404(HolidayPeriod, pk=pk)
    floors = list(scope.floors_in_scope(request.user).only("id", "title", "path"))
    missing = defaultdict(int)
    for floor_id in services.unreturned(period, request.user).values_list("room__floor_id", flat=True):
        missing[floor_id] += 1
    attach_floor_places(floors)
    rows = [(f, f.building_title, missing.get(f.pk, 0)) for f in floors]
    return TemplateResponse(request, "grid_holidays/admin/period_floors.html", {
        "period": period, "rows": rows, "after_return": timezone.localdate() >= period.return_by,
        "header_title": period.name,
    })


def _floor_students(request, floor):
    rooms = list(roster_scope.rooms_in_scope(request.user, Room.objects.filter(floor=floor).select_related("floor")).order_by("sort_order", "pk"))
    if not rooms:
        raise PermissionDenied
    students = list(Student.objects.filter(room__in=rooms, active=True).order_by("bed"))
    return rooms, students


def floor_round(request, pk, floor_pk):
    """Confirm returns room by room: one checkbox per student, one POST for the floor (idempotent)."""
    _authorise(request)
    period = get_object_or_404(HolidayPeriod, pk=pk)
    floor = get_object_or_404(get_floor_model(), pk=floor_pk)
    rooms, students = _floor_students(request, floor)
    checked = None
    if request.method == "POST":
        ids = {int(v) for v in request.POST.getlist("back") if v.isdigit()}
        try:
            count = services.confirm_returns(period, students, ids & {s.pk for s in students}, user=request.user)
        except Exception:  # a failed write: show the round again as it was ticked
            checked = ids
            messages.error(request, _("The round could not be saved. Nothing is lost: send it again."))
        else:
            messages.success(request, _("Saved: %(count)d back on this floor.") % {"count": count})
            # ?saved: the page tells the browser to drop the round's draft (form_draft.js).
            return redirect(reverse("grid_holidays_floor", args=[period.pk, floor.pk]) + "?saved=1")
    declarations = {d.student_id: d for d in Declaration.objects.filter(period=period, student__in=students)}
    by_room = defaultdict(list)
    for student in students:
        declaration = declarations.get(student.pk)
        student.declaration = declaration
        student.back = (student.pk in checked) if checked is not None else bool(declaration and declaration.returned_at)
        student.stays = bool(declaration and declaration.plan == Plan.STAY)
        student.link = make_link_token(period, student)
        by_room[student.room_id].append(student)
    for room in rooms:
        room.students = by_room.get(room.pk, [])
    page = HolidayDeclarationPage.objects.live().filter(locale__language_code__startswith="zh").first() or HolidayDeclarationPage.objects.live().first()
    return TemplateResponse(request, "grid_holidays/admin/floor_round.html", {
        "period": period, "floor": floor, "rooms": rooms, "declare_url": request.build_absolute_uri(page.url) if page and page.url else "",
        "header_title": f"{period.name} · {floor.title}",
        "posted": checked is not None, "saved": "saved" in request.GET,
    })


class FollowUpForm(forms.Form):
    student = forms.IntegerField(widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput, max_length=40)
    outcome = forms.ChoiceField(label=gettext_lazy("What happened"), choices=[(o.value, o.label) for o in (Outcome.REACHED, Outcome.NOTE, Outcome.ESCALATED)], widget=forms.RadioSelect)
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)


def unreturned_list(request, pk):
    """On and after the return day: who is not back, per floor, with contact and follow-up."""
    _authorise(request)
    period = get_object_or_404(HolidayPeriod, pk=pk)
    failed = None
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        if form.is_valid():
            student = get_object_or_404(roster_scope.visible_students(request.user), pk=form.cleaned_data["student"])
            try:
                services.record(period, student, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"],
                                user=request.user, token=form.cleaned_data["token"])
            except services.HolidayError as error:
                form.add_error(None, str(error))
                failed = form
            else:
                messages.success(request, _("Follow-up recorded."))
                return redirect(reverse("grid_holidays_unreturned", args=[period.pk]) + f"#student-{student.pk}")
        else:
            failed = form
    students = list(services.unreturned(period, request.user).select_related("room__floor").order_by("room__floor__path", "room__sort_order", "bed"))
    # Reached students stay listed (not confirmed back yet) but closed; the rest first per floor.
    followups = {
        f.student_id: f
        for f in FollowUp.objects.filter(period=period, student__in=students).prefetch_related(
            Prefetch("events", FollowUpEvent.objects.select_related("by").order_by("at", "pk"))
        )
    }
    declarations = {d.student_id: d for d in Declaration.objects.filter(period=period, student__in=students)}
    attach_places([s.room for s in students])
    floors = []
    for student in students:
        student.followup = followups.get(student.pk)
        student.declaration = declarations.get(student.pk)
        if failed is not None and str(student.pk) == str(failed.data.get("student")):
            student.form = failed
        else:
            student.form = FollowUpForm(initial={"student": student.pk, "token": uuid.uuid4().hex})
        if not floors or floors[-1][0] != student.room.floor_id:
            floors.append((student.room.floor_id, f"{student.room.building_title} · {student.room.floor.title}", []))
        floors[-1][2].append(student)
    return TemplateResponse(request, "grid_holidays/admin/unreturned.html", {
        "period": period, "floors": floors, "before_return": timezone.localdate() < period.return_by,
        "header_title": _("Not back: %(name)s") % {"name": period.name},
    })


class LedgerFilter(PlaceFilterForm):
    period = forms.ModelChoiceField(label=gettext_lazy("Holiday"), queryset=HolidayPeriod.objects.all(), required=False)

    field_order = ["period", "community", "building"]


def ledger_header():
    return [_("Holiday"), _("Student number"), _("Name"), _("College"), _("Community"), _("Building"), _("Room"), _("Plan"),
            _("Destination"), _("Expected return"), _("Declared at"), _("Return confirmed at"), _("Follow-up level"),
            _("Reached at"), _("Follow-up notes")]


def ledger_rows(user, data):
    declarations = scope.visible(user, Declaration.objects.select_related("period", "student__room__floor"))
    if data.get("period"):
        declarations = declarations.filter(period=data["period"])
    place = data.get("building") or data.get("community")
    if place:
        declarations = declarations.filter(student__room__floor__path__startswith=place.path)
    declarations = list(declarations.order_by("-period__leave_from", "student__number"))
    followups = {
        (f.period_id, f.student_id): f
        for f in FollowUp.objects.filter(period__in={d.period_id for d in declarations}).prefetch_related("events")
    }
    attach_places([d.student.room for d in declarations])
    # Typed values (roster.exports.table_response): dates and times as such, numbers as text.
    for d in declarations:
        f = followups.get((d.period_id, d.student_id))
        room = d.student.room
        notes = "\n".join(f"{text_value(e.at)} {e.get_outcome_display()}: {e.note}".strip() for e in f.events.all()) if f else ""
        yield cells([
            d.period.name, Text(d.student.number), d.student.name, d.student.college, room.community_title if room else "",
            room.building_title if room else "", Text(room.number) if room else "", d.get_plan_display(), d.destination,
            d.expected_return, d.declared_at, d.returned_at, f.get_level_display() if f else "",
            f.reached_at if f else None, notes,
        ])


def ledger(request):
    """节假日离校返校台账: every declaration, return and follow-up in scope; CSV/XLSX."""
    _authorise(request)
    form = LedgerFilter(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    return ledger_response(request, form, ledger_header(), ledger_rows(request.user, data), "holiday-ledger",
                           _("Holiday ledger"), _("Nothing recorded."))
