"""The only writers of night checks and absence follow-ups. A round is one POST: sent again (a
phone retrying) it changes nothing; sent with corrections it replaces the round's exceptions."""

import datetime as dt

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _



from . import conf
from .models import AbsenceFollowUp, FollowUpEntry, FollowUpLevel, Guest, Mark, NightCheck, Outcome, Status


class NightCheckError(Exception):
    pass


def record_round(floor, night, rooms, students, marks, guests, *, user, token="", now=None):
    """Record the round of ``floor`` on ``night``: ``rooms`` and ``students`` are those checked (the
    user's view of the floor), ``marks`` {student pk: status} the exceptions (others were present),
    ``guests`` {room pk: (count, note)}. Absences open a follow-up for the counsellor. Returns the
    NightCheck."""
    now = now or timezone.now()
    by_pk = {s.pk: s for s in students}
    rooms_by_pk = {r.pk: r for r in rooms}
    marks = {pk: status for pk, status in marks.items() if pk in by_pk and status in (Status.LATE, Status.ABSENT)}
    guests = {pk: value for pk, value in guests.items() if pk in rooms_by_pk and value[0] > 0}
    with transaction.atomic():
        check, created = NightCheck.objects.select_for_update().get_or_create(
            floor=floor, night=night, defaults={"checked_by": user, "checked_at": now, "token": token}
        )
        if not created and token and check.token == token:
            return check  # the same POST again
        check.checked_by, check.checked_at, check.token = user, now, token
        check.rooms, check.students = len(rooms), len(students)
        check.save()
        existing = {m.student_id: m for m in check.marks.select_related("followup") if m.student_id in by_pk}
        for pk, mark in existing.items():
            if pk not in marks:
                _drop(mark, user, now)
            elif mark.status != marks[pk]:
                if mark.status == Status.ABSENT:  # absent -> late: the absence is corrected away
                    _drop(mark, user, now)
                    mark = Mark.objects.filter(pk=mark.pk).first()
                    if mark is None:
                        _add(check, by_pk[pk], marks[pk], now)
                        continue
                mark.status = marks[pk]
                mark.save(update_fields=["status"])
                if mark.status == Status.ABSENT:
                    AbsenceFollowUp.objects.update_or_create(
                        mark=mark, defaults={"closed_at": None, "closed_by": None, "outcome": "", "note": "", "opened_at": now}
                    )
        for pk, status in marks.items():
            if pk not in existing:
                _add(check, by_pk[pk], status, now)
        Guest.objects.filter(check_round=check, room_id__in=list(rooms_by_pk)).exclude(room_id__in=list(guests)).delete()
        for room_id, (count, note) in guests.items():
            Guest.objects.update_or_create(check_round=check, room_id=room_id, defaults={"count": count, "note": note[:200]})
    return check


def _add(check, student, status, now):
    mark = Mark.objects.create(check_round=check, student=student, room_id=student.room_id, status=status)
    if status == Status.ABSENT:
        AbsenceFollowUp.objects.create(mark=mark, opened_at=now)
    return mark


def _drop(mark, user, now):
    """A mark corrected away: an untouched follow-up goes with it; one with history is closed and
    the mark kept as present, since the history points at it."""
    followup = AbsenceFollowUp.objects.filter(mark=mark).first()
    if followup is not None and followup.entries.exists():
        note = _("Corrected: the student was there.")
        if followup.is_open:
            FollowUpEntry.objects.create(followup=followup, outcome=Outcome.EXPLANATION, note=note, by=user, at=now)
            followup.closed_at, followup.closed_by, followup.outcome, followup.note = now, user, Outcome.EXPLANATION, note
            followup.save()
        if mark.status != Status.PRESENT:
            mark.status = Status.PRESENT
            mark.save(update_fields=["status"])
        return
    mark.delete()


def record_followup(followup, *, outcome, note, user, token="", now=None):
    """Reached or explained: closes the follow-up with the note. Escalated: the office takes it over."""
    now = now or timezone.now()
    if outcome not in Outcome.values:
        raise NightCheckError(_("Choose what happened."))
    if not note.strip():
        raise NightCheckError(_("Write a note: what you learnt or why it goes up."))
    with transaction.atomic():
        followup = AbsenceFollowUp.objects.select_for_update().get(pk=followup.pk)
        if token and followup.entries.filter(token=token).exists():
            return followup
        if not followup.is_open:
            raise NightCheckError(_("This follow-up is closed already."))
        if outcome == Outcome.ESCALATED and followup.level == FollowUpLevel.OFFICE:
            raise NightCheckError(_("The office follows this absence already."))
        FollowUpEntry.objects.create(followup=followup, outcome=outcome, note=note, by=user, at=now, token=token)
        if outcome == Outcome.ESCALATED:
            followup.level = FollowUpLevel.OFFICE
        else:
            followup.outcome, followup.note, followup.closed_at, followup.closed_by = outcome, note, now, user
        followup.save()
    return followup


def repeated_absences(students, today=None):
    """{student pk: absences} for those of ``students`` (a queryset) absent at least N times in the
    last D days (GRID_PAGES_NIGHTCHECKS_REPEATED_ABSENCES); one query."""
    count, days = conf.get("REPEATED_ABSENCES")
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=days - 1)
    rows = (
        Mark.objects.filter(status=Status.ABSENT, check_round__night__gte=since, check_round__night__lte=today, student__in=students)
        .values("student_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=count)
    )
    return {row["student_id"]: row["n"] for row in rows}


def default_night(now=None):
    """The night a round is for: before 06:00 it is still the previous evening's."""
    local = timezone.localtime(now or timezone.now())
    return local.date() - dt.timedelta(days=1) if local.hour < 6 else local.date()


