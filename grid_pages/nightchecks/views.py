"""Night-check screens in the admin: the floors of tonight, a floor's round (phone first: everyone
present unless tapped otherwise, one POST), the counsellor's follow-ups, and the ledger."""

import datetime as dt
import uuid
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from grid_pages.conf import get_floor_model
from grid_pages.models import Room
from grid_pages.roster import scope as roster_scope
from grid_pages.roster.admin_common import PlaceFilterForm, ledger_response
from grid_pages.roster.exports import cells
from grid_pages.roster.models import Student
from grid_pages.roster.places import attach_floor_places, attach_places
from grid_pages.spreadsheets import Text

from . import services
from .models import AbsenceFollowUp, Guest, Mark, NightCheck, Outcome, Status


def _authorise(request):
    if not roster_scope.can_use(request.user):
        raise PermissionDenied


def _night(request):
    return parse_date(request.GET.get("night") or request.POST.get("night") or "") or services.default_night()


def floors(request):
    """Tonight's floors in the user's scope, each checked or not."""
    _authorise(request)
    night = _night(request)
    from wagtail.models import Locale

    pages = list(roster_scope.pages_in_scope(request.user, get_floor_model().objects.filter(locale=Locale.get_default()).order_by("path")).only("id", "title", "path"))
    attach_floor_places(pages)
    done = {c.floor_id: c for c in NightCheck.objects.filter(night=night, floor__in=pages)}
    rows = [(floor, done.get(floor.pk)) for floor in pages]
    return TemplateResponse(request, "grid_nightchecks/admin/floors.html", {
        "night": night, "rows": rows, "header_title": _("Night check %(night)s") % {"night": night.isoformat()},
    })


def _floor(request, floor):
    rooms = list(roster_scope.rooms_in_scope(request.user, Room.objects.filter(floor=floor).select_related("floor")).order_by("sort_order", "pk"))
    if not rooms:
        raise PermissionDenied
    students = list(Student.objects.filter(room__in=rooms, active=True).order_by("bed"))
    return rooms, students


def round_view(request, floor_pk):
    """The round: every student present unless tapped late or absent; guests per room; one POST."""
    _authorise(request)
    floor = get_object_or_404(get_floor_model(), pk=floor_pk)
    night = _night(request)
    rooms, students = _floor(request, floor)
    posted = None
    if request.method == "POST":
        posted = request.POST
        marks = {s.pk: request.POST.get(f"s{s.pk}", Status.PRESENT) for s in students}
        guests = {}
        for room in rooms:
            raw = request.POST.get(f"g{room.pk}", "").strip()
            count = int(raw) if raw.isdigit() else 0
            guests[room.pk] = (min(count, 20), request.POST.get(f"gn{room.pk}", ""))
        try:
            services.record_round(floor, night, rooms, students, marks, guests, user=request.user, token=request.POST.get("token", "")[:40])
        except DatabaseError:
            messages.error(request, _("The round could not be saved. Nothing is lost: send it again."))
        else:
            messages.success(request, _("Round saved."))
            return redirect(reverse("grid_nightchecks_floors") + f"?night={night.isoformat()}")
    check = NightCheck.objects.filter(floor=floor, night=night).first()
    saved = {m.student_id: m.status for m in Mark.objects.filter(check_round=check)} if check else {}
    saved_guests = {g.room_id: g for g in Guest.objects.filter(check_round=check)} if check else {}
    flagged = services.repeated_absences(Student.objects.filter(pk__in=[s.pk for s in students]), night)
    by_room = defaultdict(list)
    for student in students:
        student.status = posted.get(f"s{student.pk}", Status.PRESENT) if posted else saved.get(student.pk, Status.PRESENT)
        student.flagged = flagged.get(student.pk)
        by_room[student.room_id].append(student)
    for room in rooms:
        room.students = by_room.get(room.pk, [])
        guest = saved_guests.get(room.pk)
        room.guest_count = posted.get(f"g{room.pk}", "") if posted else (guest.count if guest else "")
        room.guest_note = posted.get(f"gn{room.pk}", "") if posted else (guest.note if guest else "")
    return TemplateResponse(request, "grid_nightchecks/admin/round.html", {
        "floor": floor, "night": night, "rooms": rooms, "check": check, "statuses": Status.choices, "posted": posted is not None,
        "token": posted.get("token") if posted else uuid.uuid4().hex,
        "header_title": _("Night check: %(floor)s, %(night)s") % {"floor": floor.title, "night": night.isoformat()},
    })


class FollowUpForm(forms.Form):
    followup = forms.IntegerField(widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput, max_length=40)
    outcome = forms.ChoiceField(label=gettext_lazy("What happened"), choices=Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


def _visible_followups(user):
    return roster_scope.narrow(user, AbsenceFollowUp.objects.all(), room="mark__room")


def followups(request):
    """Open absence follow-ups of the user's scope (the counsellor's list), the flagged marked."""
    _authorise(request)
    failed = None
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        if form.is_valid():
            followup = get_object_or_404(_visible_followups(request.user), pk=form.cleaned_data["followup"])
            try:
                services.record_followup(followup, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"],
                                         user=request.user, token=form.cleaned_data["token"])
            except services.NightCheckError as error:
                form.add_error(None, str(error))
                failed = form
            else:
                messages.success(request, _("Follow-up recorded."))
                return redirect("grid_nightchecks_followups")
        else:
            failed = form
    items = list(
        _visible_followups(request.user).filter(closed_at__isnull=True)
        .select_related("mark__student", "mark__room__floor", "mark__check_round").prefetch_related("entries")
        .order_by("mark__check_round__night", "pk")
    )
    attach_places([f.mark.room for f in items])
    flagged = services.repeated_absences(Student.objects.filter(pk__in=[f.mark.student_id for f in items]))
    for item in items:
        item.flagged = flagged.get(item.mark.student_id)
        if failed is not None and str(failed.data.get("followup")) == str(item.pk):
            item.form = failed
        else:
            item.form = FollowUpForm(initial={"followup": item.pk, "token": uuid.uuid4().hex})
    return TemplateResponse(request, "grid_nightchecks/admin/followups.html", {"items": items, "header_title": _("Absence follow-ups")})


class LedgerFilter(PlaceFilterForm):
    start = forms.DateField(label=pgettext_lazy("date range", "From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=pgettext_lazy("date range", "To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    field_order = ["start", "end", "community", "building"]


def ledger_header():
    return [_("Night"), _("Community"), _("Building"), _("Room"), _("Student number"), _("Name"), _("College"), _("Status"),
            _("Guests"), _("Checked by"), _("Follow-up"), _("Closed at"), _("Note")]


def ledger_rows(user, data):
    """夜不归宿台账: late, absent and guests, by night and place; scoped."""
    today = timezone.localdate()
    start, end = data.get("start") or today - dt.timedelta(days=29), data.get("end") or today
    marks = roster_scope.narrow(user, Mark.objects.exclude(status=Status.PRESENT), room="room")
    marks = marks.filter(check_round__night__range=(start, end)).select_related("student", "room__floor", "check_round__checked_by", "followup")
    guests = roster_scope.narrow(user, Guest.objects.all(), room="room").filter(check_round__night__range=(start, end))
    guests = guests.select_related("room__floor", "check_round__checked_by")
    place = data.get("building") or data.get("community")
    if place:
        marks = marks.filter(room__floor__path__startswith=place.path)
        guests = guests.filter(room__floor__path__startswith=place.path)
    marks, guests = list(marks), list(guests)
    attach_places([m.room for m in marks] + [g.room for g in guests])
    # Typed values (roster.exports.table_response): the night a date, the closing time a datetime,
    # student and room numbers text, the guest count a number.
    rows = []
    for m in marks:
        f = getattr(m, "followup", None)
        rows.append((m.check_round.night, m.room.place, [
            m.check_round.night, m.room.community_title, m.room.building_title, Text(m.room.number), Text(m.student.number),
            m.student.name, m.student.college, m.get_status_display(), "", str(m.check_round.checked_by or ""),
            (f.get_outcome_display() or f.get_level_display()) if f else "", f.closed_at if f else None, f.note if f else "",
        ]))
    for g in guests:
        rows.append((g.check_round.night, g.room.place, [
            g.check_round.night, g.room.community_title, g.room.building_title, Text(g.room.number), "", "", "",
            _("Overnight guest"), g.count, str(g.check_round.checked_by or ""), "", "", g.note,
        ]))
    rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
    return [cells(r[2]) for r in rows]


def ledger(request):
    _authorise(request)
    form = LedgerFilter(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    return ledger_response(request, form, ledger_header(), ledger_rows(request.user, data), "night-check-ledger",
                           _("Night-check ledger"), _("No late returns, absences or guests."))
