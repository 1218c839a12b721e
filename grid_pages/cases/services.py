"""The only writers of case state: intake, referral, escalation, replies and closing.

Every function runs in one transaction, re-reads the case under a row lock, refuses with a
translated ``CaseError`` (or ``CaseChanged`` when the caller's version is stale, or
``PermissionDenied`` outside the user's scope) and appends a ``CaseEvent``. Mail goes out
after the commit, and a failing mail server never undoes or blocks a case (see ``emails``).

``check_*`` helpers validate; ``submit_case`` and the action functions perform.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grid_pages.mail import with_change

from . import conf, emails, routing, scope
from .models import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CasePhoto,
    CaseRating,
    CaseStatus,
    HandlingLevel,
    LevelDeadline,
    deadline_after,
)

Action = CaseEvent.Action

MAX_DESCRIPTION = 2000
MAX_REPLY = 2000


class CaseError(Exception):
    """An action refused for a reason the user can fix or should know; ``field`` names the form field."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class CaseChanged(CaseError):
    """Somebody else changed the case after the user opened it."""


def actor_name(user):
    if user is None:
        return _("System")
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return (full or user.get_username())[:150]


def log(case, user, action, *, from_status="", to_status="", public=False, text="", data=None):
    """Append a history entry. Without a user (the system, the student) no name is stored:
    ``CaseEvent.who`` says it in the reader's language."""
    return CaseEvent.objects.create(
        case=case,
        actor=user if user is not None and user.is_authenticated else None,
        actor_name=actor_name(user) if user is not None else "",
        action=action,
        from_status=from_status,
        to_status=to_status or case.status,
        public=public,
        text=text,
        data=data or {},
    )


# Intake ---------------------------------------------------------------------------------


def submit_case(
    *,
    kind,
    category,
    description,
    room=None,
    building=None,
    extra_answers=None,
    anonymous=False,
    contact_name="",
    phone="",
    email="",
    photos=(),
    source_page=None,
    language="",
    submission_token=None,
    origin="",
    recorded_by=None,
    note="",
):
    """Turn a validated submission into a case, routed to its grid node; returns (case, created).

    Staff recording a matter for a student (e.g. at a reception day) pass ``recorded_by`` (the
    history names them), ``origin`` ("app_label.model:pk" of what it came from) and a public
    ``note`` saying where it was raised.

    ``photos`` are ``photos.CleanPhoto`` objects (already re-encoded). A second call with the same
    ``submission_token`` (a double click, a resubmitted form) returns the first case. All or
    nothing: if anything fails no case, event or photo remains.
    """
    if submission_token:
        existing = Case.objects.filter(submission_token=submission_token).first()
        if existing:
            return existing, False
    if category.kind != kind:
        raise CaseError(_("Choose a matter of this form."), field="category")
    if room is None and building is None:
        raise CaseError(_("Tell us where: the building, or the room."), field="room")
    description = (description or "").strip()
    if not description:
        raise CaseError(_("Describe the matter."), field="description")
    if len(description) > MAX_DESCRIPTION:
        raise CaseError(_("Keep the description under %(n)d characters.") % {"n": MAX_DESCRIPTION}, field="description")
    if anonymous:
        contact_name = phone = email = ""

    place = routing.place_of(room=room, building=building)
    level = category.handling_level
    department = category.department if level == HandlingLevel.DEPARTMENT else None
    now = timezone.now()
    saved_files = []
    try:
        with transaction.atomic():
            case = Case(
                kind=kind,
                category=category,
                room=place.room,
                place_label=place.label,
                floor=place.floor,
                building=place.building,
                community=place.community,
                handling_level=level,
                handling_node=place.node(level),
                department=department.name if department else "",
                handling_department=department,
                description=description,
                original_description=description,
                extra_answers=extra_answers or {},
                anonymous=anonymous,
                contact_name=contact_name[:40],
                phone=phone[:30],
                email=email[:254],
                language=language[:10],
                source_page=source_page,
                submission_token=submission_token,
                origin=origin[:60],
                submitted_at=now,
            )
            _restart_deadlines(case, now)
            _save_with_unique_code(case)
            for i, photo in enumerate(photos):
                row = CasePhoto(case=case, width=photo.width, height=photo.height, size=photo.size, sort_order=i)
                row.image.save("photo.jpg", photo.content, save=False)
                saved_files.append(row.image.name)
                row.save()
            log(case, recorded_by, Action.SUBMITTED, to_status=CaseStatus.NEW, public=True, text=note)
            with_change(emails.notify_new_case, case.pk)
            with_change(emails.send_receipt, case.pk)
    except IntegrityError:
        _remove_files(saved_files)
        if submission_token:
            existing = Case.objects.filter(submission_token=submission_token).first()
            if existing:  # the same form submitted twice at once: the other request won
                return existing, False
        raise
    except BaseException:
        _remove_files(saved_files)
        raise
    return case, True


def _deadline_rule(case):
    """(response time, unit, resolution time, unit) for the case's current level: the matter's
    at the matter's own level, a ``LevelDeadline`` at a level it was referred to (the matter's
    again when that level has none)."""
    category = case.category
    if case.handling_level != category.handling_level:
        row = LevelDeadline.objects.filter(level=case.handling_level).first()
        if row is not None:
            return row.response_time, row.response_unit, row.resolution_time, row.resolution_unit
    return category.response_time, category.response_unit, category.resolution_time, category.resolution_unit


def _remind_at(calendar, now, due):
    """When to remind the handlers: ``REMINDER_HOURS_BEFORE`` working hours before ``due``, or
    half-way there when the deadline is nearer than that; None with reminders switched off."""
    from datetime import timedelta

    lead = conf.get("REMINDER_HOURS_BEFORE")
    if not lead:
        return None
    at = calendar.subtract(due, timedelta(hours=lead))
    if at <= now:
        at = calendar.add(now, calendar.working_time_between(now, due) / 2)
    return at


def _restart_deadlines(case, now):
    """Give the case fresh deadlines for its current level, counted from ``now`` in the working
    calendar (closures count when its matter says so), and schedule their reminders.

    Used at submission, referral and reopening; returns the changed field names for ``_save``.
    """
    from grid_pages.workcalendar import WorkCalendar

    response_time, response_unit, resolution_time, resolution_unit = _deadline_rule(case)
    calendar = WorkCalendar(case.category.clock_stops_in_closures)
    case.response_due_at = deadline_after(now, response_time, response_unit, calendar=calendar)
    case.due_at = deadline_after(now, resolution_time, resolution_unit, calendar=calendar)
    # The response deadline counts until the case's first response only (``first_response_at``).
    case.response_remind_at = _remind_at(calendar, now, case.response_due_at) if case.first_response_at is None else None
    case.resolution_remind_at = _remind_at(calendar, now, case.due_at)
    return ["response_due_at", "due_at", "response_remind_at", "resolution_remind_at"]


def _responded(case, now):
    """Record the first staff response (accept, assign, start, public reply, result, rejection,
    duplicate) once; returns the changed field names."""
    if case.first_response_at is not None:
        return []
    case.first_response_at = now
    case.response_remind_at = None
    return ["first_response_at", "response_remind_at"]


def _save_with_unique_code(case, attempts=5):
    from .models import new_case_code

    for attempt in range(attempts):
        try:
            with transaction.atomic():
                case.save()
            return
        except IntegrityError:
            if case.submission_token and Case.objects.filter(submission_token=case.submission_token).exists():
                raise
            if attempt == attempts - 1:
                raise
            case.code = new_case_code()
            case.pk = None


def _remove_files(names):
    from django.core.files.storage import default_storage

    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            pass


# Acting on a case -----------------------------------------------------------------------


def _locked(case, user, version):
    """Re-read the case under a row lock; refuse a stale version or a user out of scope."""
    if user is not None and not scope.can_handle(user, case):
        raise PermissionDenied
    current = Case.objects.select_for_update().select_related("category").get(pk=case.pk)
    if version is not None and int(version) != current.version:
        raise CaseChanged(
            _(
                "This case was changed by someone else since you opened it. "
                "Look at its latest state below, then try again."
            )
        )
    return current


def _require_status(case, allowed, message):
    if case.status not in allowed:
        raise CaseError(message)


def _save(case, fields):
    case.version += 1
    case.save(update_fields=[*fields, "version", "updated_at"])


def _transition(case, user, to_status, action, *, public=True, text="", data=None, fields=()):
    from_status = case.status
    case.status = to_status
    _save(case, ["status", *fields])
    return log(case, user, action, from_status=from_status, to_status=to_status, public=public, text=text, data=data)


def _text(value, name, required=True, limit=MAX_REPLY):
    value = (value or "").strip()
    if required and not value:
        raise CaseError(_("This field is required."), field=name)
    if len(value) > limit:
        raise CaseError(_("Keep it under %(n)d characters.") % {"n": limit}, field=name)
    return value


@transaction.atomic
def accept(case, user, *, version=None):
    """待受理 -> 已受理: the grid takes the case on."""
    case = _locked(case, user, version)
    _require_status(case, [CaseStatus.NEW], _("Only a new case can be accepted."))
    now = timezone.now()
    case.accepted_at = now
    event = _transition(case, user, CaseStatus.ACCEPTED, Action.ACCEPTED, fields=["accepted_at", *_responded(case, now)])
    with_change(emails.notify_student, case.pk, event.pk)
    return case


@transaction.atomic
def start(case, user, *, version=None):
    """已受理 -> 处理中."""
    case = _locked(case, user, version)
    _require_status(case, [CaseStatus.NEW, CaseStatus.ACCEPTED], _("Work can only start on a new or accepted case."))
    now = timezone.now()
    if case.accepted_at is None:  # starting work is taking the case on
        case.accepted_at = now
    _transition(case, user, CaseStatus.IN_PROGRESS, Action.STARTED, fields=["accepted_at", *_responded(case, now)])
    return case


@transaction.atomic
def assign(case, user, person, *, version=None):
    """Give the case to one person; a new case is accepted by being assigned."""
    case = _locked(case, user, version)
    _require_status(case, OPEN_STATUSES, _("Only an open case can be assigned."))
    if person is not None and not scope.assignable_people(user, case).filter(pk=person.pk).exists():
        raise CaseError(_("This case cannot be assigned to that person."), field="person")
    old = case.assignee
    case.assignee = person
    from_status = case.status
    now = timezone.now()
    fields = ["assignee", *_responded(case, now)]
    if case.status == CaseStatus.NEW:
        case.status = CaseStatus.ACCEPTED
        case.accepted_at = now
        fields += ["status", "accepted_at"]
    _save(case, fields)
    log(
        case,
        user,
        Action.ASSIGNED,
        from_status=from_status,
        public=False,
        text=str(person) if person else "",
        data={"from": old.pk if old else None, "to": person.pk if person else None},
    )
    with_change(emails.notify_assigned, case.pk)
    return case


@transaction.atomic
def reply(case, user, text, *, version=None, template=None):
    """A public reply the student sees on the tracking page (and by e-mail if they left one)."""
    text = _text(text, "text")
    case = _locked(case, user, version)
    _require_status(case, [*OPEN_STATUSES, CaseStatus.RESOLVED], _("This case is finished; reopen it to reply."))
    from_status = case.status
    now = timezone.now()
    fields = _responded(case, now)
    if case.status == CaseStatus.NEW:  # answering is taking it on
        case.status = CaseStatus.ACCEPTED
        case.accepted_at = now
        fields += ["status", "accepted_at"]
    _save(case, fields)
    event = log(
        case,
        user,
        Action.REPLIED,
        from_status=from_status,
        public=True,
        text=text,
        data={"template": template.pk} if template else None,
    )
    with_change(emails.notify_student, case.pk, event.pk)
    return case


@transaction.atomic
def add_note(case, user, text):
    """An internal note: never shown to the student, never refused for being stale."""
    text = _text(text, "text")
    case = _locked(case, user, None)
    log(case, user, Action.NOTE, from_status=case.status, public=False, text=text)
    return case


@transaction.atomic
def edit_description(case, user, text, *, version=None):
    """Edit the student's text for publication; the original stays in ``original_description``."""
    text = _text(text, "description", limit=MAX_DESCRIPTION)
    case = _locked(case, user, version)
    if text == case.description:
        return case
    old = case.description
    case.description = text
    _save(case, ["description"])
    log(case, user, Action.EDITED, from_status=case.status, data={"old": old, "new": text})
    return case


@transaction.atomic
def resolve(case, user, resolution, *, version=None):
    """已办结: the result the student sees."""
    resolution = _text(resolution, "resolution")
    case = _locked(case, user, version)
    _require_status(case, OPEN_STATUSES, _("Only an open case can be resolved."))
    case.resolution = resolution
    # Straight from 待受理 it is answered, not accepted: ``accepted_at`` stays empty.
    case.resolved_at = now = timezone.now()
    # A new result waits for the student's rating.
    case.rating, case.rating_comment, case.rated_at = "", "", None
    event = _transition(
        case,
        user,
        CaseStatus.RESOLVED,
        Action.RESOLVED,
        text=resolution,
        fields=["resolution", "resolved_at", "rating", "rating_comment", "rated_at", *_responded(case, now)],
    )
    with_change(emails.notify_student, case.pk, event.pk)
    return case


@transaction.atomic
def close(case, user, note="", *, version=None):
    """已关闭: the follow-up (跟踪问效) is done."""
    note = _text(note, "text", required=False)
    case = _locked(case, user, version)
    _require_status(case, [CaseStatus.RESOLVED], _("Only a resolved case can be closed."))
    case.closed_at = timezone.now()
    _transition(case, user, CaseStatus.CLOSED, Action.CLOSED, text=note, public=bool(note), fields=["closed_at"])
    return case


@transaction.atomic
def reject(case, user, reason, *, version=None):
    """已驳回, with the reason the student sees."""
    reason = _text(reason, "reason")
    case = _locked(case, user, version)
    _require_status(case, OPEN_STATUSES, _("Only an open case can be rejected."))
    case.rejection_reason = reason
    case.closed_at = now = timezone.now()
    event = _transition(
        case,
        user,
        CaseStatus.REJECTED,
        Action.REJECTED,
        text=reason,
        fields=["rejection_reason", "closed_at", *_responded(case, now)],
    )
    with_change(emails.notify_student, case.pk, event.pk)
    return case


@transaction.atomic
def reopen(case, user, reason, *, version=None):
    """A finished case comes back (the student was not satisfied, or it was closed by mistake)."""
    reason = _text(reason, "reason")
    case = _locked(case, user, version)
    _require_status(case, FINISHED_STATUSES, _("Only a finished case can be reopened."))
    now = timezone.now()
    deadlines = _restart_deadlines(case, now)
    case.resolved_at = case.closed_at = None
    case.duplicate_of = None
    # The old result or reason no longer stands; the history keeps its text.
    case.resolution = case.rejection_reason = ""
    event = _transition(
        case,
        user,
        CaseStatus.ACCEPTED,
        Action.REOPENED,
        text=reason,
        fields=[*deadlines, "resolved_at", "closed_at", "duplicate_of", "resolution", "rejection_reason"],
    )
    with_change(emails.notify_student, case.pk, event.pk)
    return case


def _move_up(case):
    """Put ``case`` one level up the grid (floor -> building -> community -> office ->
    department); at the top it stays. Returns the changed fields."""
    target = routing.case_next_level(case)
    return _move_to(case, target) if target is not None else []


def _move_to(case, target):
    """Hand ``case`` to the grid level ``target``: its node (or department), nobody assigned
    yet, one escalation more. Returns the changed fields."""
    place = routing.Place(room=case.room, floor=case.floor, building=case.building, community=case.community)
    case.handling_level = target
    case.handling_node = place.node(target)
    if target == HandlingLevel.DEPARTMENT and not case.department:
        department = case.category.department
        case.handling_department = department
        case.department = department.name if department else ""
    case.assignee = None
    case.escalations += 1
    return ["handling_level", "handling_node", "department", "handling_department", "assignee", "escalations"]


RATING_CLOSES = (CaseRating.SATISFIED, CaseRating.BASICALLY)


@transaction.atomic
def rate(case, *, rating, comment="", version=None, now=None):
    """The student's rating of a resolved case (跟踪问效), from the tracking page.

    满意 and 基本满意 close the case. 不满意 (a comment is required) reopens it one level up
    the grid, with fresh deadlines, and tells that level's handlers; at the top it reopens
    where it is. Only a resolved case is rated, once per result: staff resolve again before
    the student can rate again. The rating and comment are a public history entry.
    """
    if rating not in CaseRating.values:
        raise CaseError(_("Choose how satisfied you are."), field="rating")
    comment = _text(comment, "comment", required=rating == CaseRating.UNSATISFIED, limit=MAX_DESCRIPTION)
    now = now or timezone.now()
    # Lock the case row only: PostgreSQL cannot lock the nullable side of the outer joins.
    case = Case.objects.select_for_update(of=("self",)).select_related(
        "category", "room", "floor", "building", "community"
    ).get(pk=case.pk)
    # The status first: a second answer (a resent form) is told the case moved on, not blamed on others.
    _require_status(case, [CaseStatus.RESOLVED], _("This case is not waiting for your rating any more."))
    if version is not None and int(version) != case.version:
        raise CaseChanged(_("This case was updated after you opened the page: read the latest below, then rate again."))
    case.rating, case.rating_comment, case.rated_at = rating, comment, now
    fields = ["rating", "rating_comment", "rated_at"]
    data = {"rating": rating}
    if rating in RATING_CLOSES:
        case.closed_at = now
        _transition(case, None, CaseStatus.CLOSED, Action.RATED, text=comment, data=data, fields=[*fields, "closed_at"])
        return case
    old_level = case.handling_level
    fields += _move_up(case)
    fields += _restart_deadlines(case, now)
    case.resolved_at = None
    case.resolution = ""  # it did not stand; the history keeps it
    data.update({"from": old_level, "to": case.handling_level})
    event = _transition(
        case,
        None,
        CaseStatus.ACCEPTED,
        Action.RATED,
        text=comment,
        data=data,
        fields=[*fields, "resolved_at", "resolution"],
    )
    with_change(emails.notify_unsatisfied, case.pk, event.pk)
    return case


def close_expired_followups(now=None, dry_run=False):
    """Close resolved cases the student did not rate within ``GRID_PAGES_CASES_FOLLOWUP_DAYS``
    calendar days of the result; returns the cases concerned.

    Each case is closed in its own transaction under a row lock and checked again there, so
    two runs at once close each case once, and a rating sent meanwhile wins.
    """
    now = now or timezone.now()
    days = conf.get("FOLLOWUP_DAYS")
    cutoff = now - timedelta(days=days)
    expired = Case.objects.filter(status=CaseStatus.RESOLVED, resolved_at__lt=cutoff).order_by("resolved_at", "pk")
    if dry_run:
        return list(expired)
    done = []
    for pk in expired.values_list("pk", flat=True):
        with transaction.atomic():
            case = Case.objects.select_for_update().filter(
                pk=pk, status=CaseStatus.RESOLVED, resolved_at__lt=cutoff
            ).first()
            if case is None:  # rated, reopened or closed by another run meanwhile
                continue
            case.closed_at = now
            case.followup_expired = True
            _transition(
                case,
                None,
                CaseStatus.CLOSED,
                Action.FOLLOWUP_EXPIRED,
                data={"days": days},
                fields=["closed_at", "followup_expired"],
            )
            done.append(case)
    return done


def _root_case(case, limit=50):
    """The case a chain of duplicates ends at (marking always points there, so chains stay short)."""
    seen = set()
    while case is not None and case.duplicate_of_id and case.pk not in seen and len(seen) < limit:
        seen.add(case.pk)
        case = Case.objects.filter(pk=case.duplicate_of_id).first()
    return case


@transaction.atomic
def mark_duplicate(case, user, original, *, version=None):
    """Close the case as a duplicate of ``original`` (which the student can follow instead)."""
    case = _locked(case, user, version)
    original = _root_case(original)
    if original is None or original.pk == case.pk:
        # Itself, or a chain of duplicates leading back to it: no loops, nobody left to act.
        raise CaseError(_("Choose another case."), field="original")
    if user is not None and not scope.can_view(user, original):
        raise CaseError(_("No such case."), field="original")
    _require_status(case, OPEN_STATUSES, _("Only an open case can be marked as a duplicate."))
    case.duplicate_of = original
    case.closed_at = now = timezone.now()
    event = _transition(
        case,
        user,
        CaseStatus.CLOSED,
        Action.DUPLICATE,
        text=_("Same matter as case %(code)s; follow that case.") % {"code": original.display_code},
        data={"original": original.pk},
        fields=["duplicate_of", "closed_at", *_responded(case, now)],
    )
    with_change(emails.notify_student, case.pk, event.pk)
    return case


@transaction.atomic
def escalate(case, user, reason="", *, version=None, level=None):
    """Refer the case up (集中转办, 逐级上报): floor -> building -> community -> office -> department.

    By hand the reason is required (the student reads it); ``user`` None is the deadline job.
    The new level gets fresh deadlines, the assignee is cleared so its handlers pick it up, and
    they are told by mail.
    """
    reason = _text(reason, "reason", required=user is not None)
    case = _locked(case, user, version)
    return _refer(case, user, reason, level, timezone.now())


def _refer(case, user, reason, level, now):
    """Move a locked case one level up (or to ``level``)."""
    _require_status(case, OPEN_STATUSES, _("Only an open case can be referred."))
    target = level or routing.case_next_level(case)
    if target is None:
        raise CaseError(_("This case is already at the highest level."))
    old_level = case.handling_level
    moved = _move_to(case, target)
    _save(case, [*moved, *_restart_deadlines(case, now)])
    event = log(
        case,
        user,
        Action.ESCALATED,
        from_status=case.status,
        public=True,
        text=reason,
        data={"from": old_level, "to": target},
    )
    with_change(emails.notify_new_case, case.pk)
    with_change(emails.notify_student, case.pk, event.pk)
    return case


def _overdue_reason(case, now):
    """Why the deadline job refers the case now, or "" when it need not (any more)."""
    if not case.is_open:
        return ""
    if case.is_resolution_overdue(now):
        return _("The resolution deadline passed.")
    if conf.get("ESCALATE_ON_RESPONSE_DEADLINE") and case.is_response_overdue(now):
        return _("Nobody responded by the first-response deadline.")
    return ""


def overdue_for_escalation(now):
    """Open cases the deadline job should refer up at ``now``, most overdue first."""
    from django.db.models import Q

    late = Q(due_at__lt=now)
    if conf.get("ESCALATE_ON_RESPONSE_DEADLINE"):
        late |= Q(first_response_at__isnull=True, response_due_at__lt=now)
    return (
        Case.objects.open()
        .filter(late)
        .exclude(handling_level=HandlingLevel.DEPARTMENT)
        .select_related("category__department", "room", "floor", "building", "community")
        .order_by("due_at", "pk")
    )


def escalate_overdue(now=None, dry_run=False):
    """Refer every open case past a deadline one level up; returns the cases concerned.

    Safe to run twice at once: each case is re-read under a row lock in its own transaction and
    referred only if it is still overdue then (the winner's fresh deadline makes the loser skip
    it). An overdue case at the top stays where it is, visibly overdue.
    """
    now = now or timezone.now()
    done = []
    for case in overdue_for_escalation(now):
        if routing.case_next_level(case) is None:
            continue
        if dry_run:
            done.append(case)
            continue
        try:
            with transaction.atomic():
                locked = _locked(case, None, None)
                reason = _overdue_reason(locked, now)
                if not reason:  # another run referred it, or somebody answered, meanwhile
                    continue
                done.append(_refer(locked, None, reason, None, now))
        except CaseError:
            continue
    return done


def send_reminders(now=None, dry_run=False):
    """Remind the handlers of each deadline that is near (``Case.*_remind_at`` passed), once:
    the reminder is claimed by clearing its time in a conditional update, so two runs at once
    send it once. Returns [(case, "response" | "resolution")]."""
    now = now or timezone.now()
    sent = []
    for kind, field in (("response", "response_remind_at"), ("resolution", "resolution_remind_at")):
        due = Case.objects.open().filter(**{f"{field}__lte": now})
        if kind == "response":
            due = due.filter(first_response_at__isnull=True)
        for case in due.order_by(field, "pk"):
            if dry_run:
                sent.append((case, kind))
                continue
            with transaction.atomic():
                claimed = Case.objects.filter(pk=case.pk, **{field: getattr(case, field)}).update(**{field: None})
                if not claimed:
                    continue
                deadline = case.response_due_at if kind == "response" else case.due_at
                log(case, None, Action.REMINDED, from_status=case.status, data={"deadline": kind, "due": deadline.isoformat()})
                with_change(emails.notify_reminder, case.pk, kind)
            sent.append((case, kind))
    return sent
