"""The only writers of declarations, returns and follow-ups. POSTs that repeat (a resent form, a
phone retrying on a poor connection) change nothing the second time."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from grid_pages import workcalendar
from grid_pages.roster import scope as roster_scope
from grid_pages.roster.models import Student

from . import conf
from .models import Declaration, FollowUp, FollowUpEvent, HolidayPeriod, Level, Outcome, Plan

NEXT_LEVEL = {Level.GRID: Level.COUNSELLOR, Level.COUNSELLOR: Level.OFFICE}


class HolidayError(Exception):
    pass


def find_student(number, phone_suffix):
    """The active student with this number whose phone ends with ``phone_suffix`` (4 digits), or None."""
    number, suffix = (number or "").strip().upper(), (phone_suffix or "").strip()
    if not number or len(suffix) != 4 or not suffix.isdigit():
        return None
    student = Student.objects.filter(number=number, active=True).first()
    if student is None or not "".join(c for c in student.phone if c.isdigit()).endswith(suffix):
        return None
    return student


def declare(period, student, *, plan, destination="", expected_return=None, contact="", user=None, now=None):
    """Record (or correct) what ``student`` declares for ``period``; the same values again change nothing."""
    if not period.declarations_open and user is None:
        raise HolidayError(_("Declarations for this holiday are closed. Contact your grid member."))
    if plan not in Plan.values:
        raise HolidayError(_("Choose whether you stay or leave."))
    if plan == Plan.LEAVE and expected_return and expected_return < period.leave_from:
        raise HolidayError(_("The expected return cannot be before the holiday starts."))
    values = {
        "plan": plan,
        "destination": destination[:120] if plan == Plan.LEAVE else "",
        "expected_return": expected_return if plan == Plan.LEAVE else None,
        "contact": contact[:60],
        "declared_at": now or timezone.now(),
        "declared_by_staff": user,
    }
    with transaction.atomic():
        declaration, created = Declaration.objects.select_for_update().get_or_create(period=period, student=student, defaults=values)
        if not created:
            for name, value in values.items():
                setattr(declaration, name, value)
            declaration.save()
    return declaration


def confirm_returns(period, students, returned_ids, *, user, now=None):
    """For ``students`` (those on the screen), mark those in ``returned_ids`` as back and undo the
    others a previous round marked by mistake; closes their follow-ups. Idempotent. Returns how
    many are marked back."""
    now = now or timezone.now()
    returned_ids = set(returned_ids)
    with transaction.atomic():
        existing = {d.student_id: d for d in Declaration.objects.select_for_update().filter(period=period, student__in=students)}
        for student in students:
            declaration = existing.get(student.pk)
            back = student.pk in returned_ids
            if declaration is None:
                if not back:
                    continue
                try:
                    with transaction.atomic():
                        declaration = Declaration.objects.create(period=period, student=student)
                except IntegrityError:  # another round created it meanwhile
                    declaration = Declaration.objects.select_for_update().get(period=period, student=student)
            if back and declaration.returned_at is None:
                declaration.returned_at, declaration.returned_confirmed_by = now, user
                declaration.save(update_fields=["returned_at", "returned_confirmed_by"])
                for followup in FollowUp.objects.filter(period=period, student=student, reached_at__isnull=True):
                    _event(followup, Outcome.RETURNED, "", user, now)
                    followup.reached_at = now
                    followup.save(update_fields=["reached_at"])
            elif not back and declaration.returned_at is not None:
                declaration.returned_at = declaration.returned_confirmed_by = None
                declaration.save(update_fields=["returned_at", "returned_confirmed_by"])
    return len(returned_ids)


def unreturned(period, user, today=None):
    """Students of the user's scope (everyone's for ``user`` None: the system) not back: living in,
    with a room, neither staying nor confirmed back. Empty before the return day."""
    today = today or timezone.localdate()
    if today < period.return_by:
        return Student.objects.none()
    present = Declaration.objects.filter(period=period).filter(Q(plan=Plan.STAY) | Q(returned_at__isnull=False))
    students = Student.objects.filter(active=True, room__isnull=False).exclude(pk__in=present.values("student_id"))
    return students if user is None else roster_scope.narrow(user, students)


def first_deadline(period, now):
    """When a follow-up opened at ``now`` goes up a level: N working days after the later of
    ``now`` and the end of the return day."""
    end_of_return_day = timezone.make_aware(dt.datetime.combine(period.return_by + dt.timedelta(days=1), dt.time.min))
    return workcalendar.add_working_days(max(now, end_of_return_day), conf.get("FOLLOWUP_WORKING_DAYS"))


def open_followup(period, student, now=None):
    now = now or timezone.now()
    followup, _created = FollowUp.objects.get_or_create(
        period=period, student=student, defaults={"due_at": first_deadline(period, now), "opened_at": now}
    )
    return followup


def _event(followup, outcome, note, user, now, token=""):
    return FollowUpEvent.objects.create(followup=followup, outcome=outcome, note=note, level=followup.level, by=user, at=now, token=token)


def record(period, student, *, outcome, note="", user=None, token="", now=None):
    """One entry of the follow-up: an explanation, reached (closes it), or escalated one level up.
    ``token`` (from the form) makes a resent POST a no-op."""
    now = now or timezone.now()
    if outcome not in (Outcome.NOTE, Outcome.REACHED, Outcome.ESCALATED):
        raise HolidayError(_("Choose what happened."))
    if outcome in (Outcome.NOTE, Outcome.REACHED) and not note.strip():
        raise HolidayError(_("Write what you learnt."))
    with transaction.atomic():
        followup = open_followup(period, student, now)
        followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
        if token and followup.events.filter(token=token).exists():
            return followup
        if not followup.is_open:
            raise HolidayError(_("This student was reached already."))
        if outcome == Outcome.ESCALATED:
            _escalate(followup, user, now, note, token)
        else:
            _event(followup, outcome, note, user, now, token)
            if outcome == Outcome.REACHED:
                followup.reached_at = now
                followup.save(update_fields=["reached_at"])
    return followup


def _escalate(followup, user, now, note="", token=""):
    level = NEXT_LEVEL.get(followup.level)
    if level is None:
        raise HolidayError(_("The office follows this student already."))
    followup.level = level
    followup.due_at = workcalendar.add_working_days(now, conf.get("FOLLOWUP_WORKING_DAYS"))
    followup.save(update_fields=["level", "due_at"])
    _event(followup, Outcome.ESCALATED, note, user, now, token)


def run_followups(period, now=None):
    """Open a follow-up for every unreturned student (from the return day on) and take overdue ones
    up a level. Idempotent: safe from cron every few minutes. Returns (opened, escalated)."""
    now = now or timezone.now()
    opened = escalated = 0
    if timezone.localdate(now) >= period.return_by:
        have = set(FollowUp.objects.filter(period=period).values_list("student_id", flat=True))
        for student in unreturned(period, None, timezone.localdate(now)).exclude(pk__in=have):
            open_followup(period, student, now)
            opened += 1
    overdue = FollowUp.objects.filter(period=period, reached_at__isnull=True, due_at__lt=now).exclude(level=Level.OFFICE)
    for followup in overdue:
        with transaction.atomic():
            followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
            if followup.is_open and followup.due_at < now and followup.level != Level.OFFICE:
                _escalate(followup, None, now, _("Not reached by the deadline."))
                escalated += 1
    return opened, escalated


def run_all_followups(now=None, dry_run=False):
    """``run_followups`` for every holiday whose return day came in the last 60 days; returns
    (follow-ups opened and escalated, one line per holiday). The periodic job (``run_periodic``)
    and ``manage.py holiday_followups``."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    done, lines = 0, []
    for period in HolidayPeriod.objects.filter(return_by__lte=today, return_by__gte=today - dt.timedelta(days=60)):
        if dry_run:
            lines.append(f"{period.name}: {unreturned(period, None, today).count()} not back")
            continue
        opened, escalated = run_followups(period, now=now)
        done += opened + escalated
        lines.append(f"{period.name}: {opened} opened, {escalated} escalated.")
    return done, lines
