"""The only writers of inspection state: record a round, rectify, re-check, escalate, rankings.

Each function runs in one transaction, checks the user's scope (``scope``) and refuses with a
translated ``InspectionError``; finding changes re-read the finding under a row lock and append
a ``FindingEvent``. Mail goes out after the commit (through Django's mail API: the outbox
backend keeps it) and a failing mail server never undoes anything.
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grid_pages.conf import get_building_model, get_community_model, get_floor_model
from grid_pages.mail import with_change
from grid_pages.models import Room
from grid_pages.workcalendar import WorkCalendar

from . import conf, notify, scope
from .models import (
    LEVEL_ORDER,
    UNRECTIFIED_STATUSES,
    Finding,
    FindingEvent,
    FindingLevel,
    FindingPhoto,
    FindingStatus,
    HazardType,
    HygieneRanking,
    InspectionKind,
    InspectionRound,
    RoomCheck,
)

logger = logging.getLogger(__name__)
Action = FindingEvent.Action

MAX_NOTE = 1000
MAX_FINDINGS_PER_ROOM = 10


class InspectionError(Exception):
    """Refused for a reason the user can fix; ``errors`` maps a room id (or None) to messages."""

    def __init__(self, message, errors=None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


@dataclass
class FindingInput:
    hazard_type_id: int
    note: str = ""
    photos: list = field(default_factory=list)  # grid_pages.photos.CleanPhoto


@dataclass
class RoomInput:
    room_id: int
    score: int | None = None
    findings: list = field(default_factory=list)


def actor_name(user):
    if user is None:
        return _("System")
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return (full or user.get_username())[:150]


def _log(finding, user, action, note="", now=None, data=None):
    return FindingEvent.objects.create(
        finding=finding,
        action=action,
        user=user,
        who=actor_name(user) if user is not None else "",
        note=note,
        created_at=now or timezone.now(),
        data=data or {},
    )


def deadline(calendar, now, hazard_type):
    """When a finding of ``hazard_type`` found at ``now`` must be rectified (working days)."""
    days = hazard_type.rectify_days or conf.get("DEFAULT_RECTIFY_DAYS")
    return calendar.add_working_days(now, days)


# Recording a round --------------------------------------------------------------------------


@dataclass
class Place:
    community: object
    building: object
    floor: object
    rooms: list


def place_for(user, *, floor=None, building=None):
    """The place of a new round and the rooms the user may record there, or ``PermissionDenied``."""
    if floor is not None:
        building = get_building_model().objects.ancestor_of(floor).order_by("-depth").first()
    if building is None:
        raise InspectionError(_("Choose a floor or a building."))
    community = get_community_model().objects.ancestor_of(building).order_by("-depth").first()
    ids = (floor.pk if floor else None, building.pk, community.pk if community else None)
    rooms = Room.objects.select_related("head")
    if floor is not None:
        rooms = rooms.filter(floor_id=floor.pk)
    else:
        rooms = rooms.filter(floor_id__in=get_floor_model().objects.child_of(building).values("pk"))
    if not scope.in_staff_scope(user, *ids):
        heads = scope.head_room_ids(user)
        if not heads or floor is None:
            raise PermissionDenied
        rooms = rooms.filter(pk__in=heads)
    rooms = list(rooms.order_by("floor__path", "sort_order", "pk"))
    if not rooms:
        raise PermissionDenied
    return Place(community=community, building=building, floor=floor, rooms=rooms)


def check_rooms(place, rooms):
    """Validate the rooms of a round against its place; returns {room id: [messages]}."""
    allowed = {room.pk for room in place.rooms}
    hazards = {h.pk: h for h in HazardType.objects.filter(active=True)}
    errors = {}
    seen = set()
    for entry in rooms:
        problems = []
        if entry.room_id not in allowed or entry.room_id in seen:
            errors.setdefault(None, []).append(_("A room of another place was sent; reload the page."))
            continue
        seen.add(entry.room_id)
        if entry.score is not None and not 0 <= entry.score <= 100:
            problems.append(_("A hygiene score is from 0 to 100."))
        if len(entry.findings) > MAX_FINDINGS_PER_ROOM:
            problems.append(_("At most %(n)d findings per room.") % {"n": MAX_FINDINGS_PER_ROOM})
        for item in entry.findings:
            if item.hazard_type_id not in hazards:
                problems.append(_("Choose what was found."))
            if len(item.note) > MAX_NOTE:
                problems.append(_("A note has at most %(n)d characters.") % {"n": MAX_NOTE})
            if len(item.photos) > conf.get("MAX_PHOTOS"):
                problems.append(_("At most %(n)d photos per finding.") % {"n": conf.get("MAX_PHOTOS")})
        if problems:
            errors[entry.room_id] = problems
    if not seen and None not in errors:
        errors[None] = [_("The round has no room.")]
    return errors, hazards


def record_round(user, *, token, place, rooms, kind=InspectionKind.BOTH, note="", now=None):
    """Record a round of ``place`` (``place_for``): one ``RoomCheck`` per entry of ``rooms``
    (``RoomInput``), a ``Finding`` per finding with its deadline in working days.

    Idempotent by ``token``: the same token again returns the round made the first time
    (``(round, False)``) and writes nothing, so a POST retried on a poor connection makes one
    round. Returns ``(round, created)``."""
    token = (token or "").strip()
    if not token or len(token) > 64:
        raise InspectionError(_("The page is out of date: reload it and record again."))
    existing = InspectionRound.objects.filter(client_token=token).first()
    if existing is not None:
        if existing.inspector_id != user.pk:
            raise PermissionDenied
        return existing, False
    errors, hazards = check_rooms(place, rooms)
    if errors:
        raise InspectionError(_("The round was not recorded: see the rooms marked below."), errors)
    if kind not in InspectionKind.values:
        kind = InspectionKind.BOTH
    try:
        with transaction.atomic():
            return _create_round(user, token, place, rooms, kind, note[:MAX_NOTE], hazards, now or timezone.now()), True
    except IntegrityError:
        # The same token committed meanwhile (two copies of one POST at once).
        existing = InspectionRound.objects.filter(client_token=token).first()
        if existing is None:
            raise
        return existing, False


def _create_round(user, token, place, rooms, kind, note, hazards, now):
    by_id = {room.pk: room for room in place.rooms}
    findings_count = sum(len(entry.findings) for entry in rooms)
    inspection = InspectionRound.objects.create(
        client_token=token,
        kind=kind,
        community=place.community,
        building=place.building,
        floor=place.floor,
        inspector=user,
        inspector_name=actor_name(user),
        inspected_at=now,
        note=note,
        rooms_checked=len(rooms),
        findings_count=findings_count,
    )
    checks = RoomCheck.objects.bulk_create(
        RoomCheck(round=inspection, room_id=e.room_id, floor_id=by_id[e.room_id].floor_id, ok=not e.findings, hygiene_score=e.score)
        for e in rooms
    )
    calendar = WorkCalendar()
    for check, entry in zip(checks, rooms):
        room = by_id[entry.room_id]
        for item in entry.findings:
            hazard = hazards[item.hazard_type_id]
            finding = Finding.objects.create(
                round=inspection,
                room_check=check,
                room=room,
                room_number=room.number,
                community=place.community,
                building=place.building,
                floor_id=room.floor_id,
                hazard_type=hazard,
                note=item.note,
                found_at=now,
                due_at=deadline(calendar, now, hazard),
            )
            for photo in item.photos:
                FindingPhoto.objects.create(
                    finding=finding, image=photo.content, width=photo.width, height=photo.height, size=photo.size
                )
            _log(finding, user, Action.FOUND, item.note, now)
    return inspection


# Findings -----------------------------------------------------------------------------------


def _locked(finding):
    return Finding.objects.select_for_update().select_related("hazard_type").get(pk=finding.pk)


def _note(text, required, label):
    text = (text or "").strip()
    if required and not text:
        raise InspectionError(_("Say %(what)s.") % {"what": label})
    if len(text) > MAX_NOTE:
        raise InspectionError(_("A note has at most %(n)d characters.") % {"n": MAX_NOTE})
    return text


@transaction.atomic
def rectify(finding, user, note, now=None):
    """The room reports the finding rectified (整改): it waits for a staff re-check."""
    note = _note(note, True, _("what was done"))
    finding = _locked(finding)
    if not scope.can_rectify(user, finding):
        raise PermissionDenied
    if finding.status not in UNRECTIFIED_STATUSES:
        raise InspectionError(_("Only an unrectified finding can be reported rectified."))
    now = now or timezone.now()
    finding.status = FindingStatus.RECTIFIED
    finding.rectified_at = now
    finding.rectification_note = note
    finding.save(update_fields=["status", "rectified_at", "rectification_note"])
    _log(finding, user, Action.RECTIFIED, note, now)
    return finding


@transaction.atomic
def recheck(finding, user, ok, note="", now=None):
    """A staff member re-checks a rectified finding: OK closes it; a failure sends it back with
    a fresh deadline (the note says why)."""
    note = _note(note, not ok, _("what is still wrong"))
    finding = _locked(finding)
    if not scope.can_recheck(user, finding):
        raise PermissionDenied
    if finding.status != FindingStatus.RECTIFIED:
        raise InspectionError(_("Only a finding reported rectified can be re-checked."))
    now = now or timezone.now()
    finding.rechecked_at = now
    finding.recheck_note = note
    finding.rechecked_by = actor_name(user)
    fields = ["status", "rechecked_at", "recheck_note", "rechecked_by"]
    if ok:
        finding.status = FindingStatus.RECHECK_OK
        finding.closed_at = now
        fields.append("closed_at")
    else:
        finding.status = FindingStatus.RECHECK_FAILED
        finding.due_at = deadline(WorkCalendar(), now, finding.hazard_type)
        fields.append("due_at")
    finding.save(update_fields=fields)
    _log(finding, user, Action.RECHECK_OK if ok else Action.RECHECK_FAILED, note, now)
    return finding


def next_level(finding):
    """The level above the finding's (skipping levels its place lacks), or None at the office."""
    nodes = {
        FindingLevel.FLOOR: finding.floor_id,
        FindingLevel.BUILDING: finding.building_id,
        FindingLevel.COMMUNITY: finding.community_id,
    }
    for level in LEVEL_ORDER[LEVEL_ORDER.index(finding.level) + 1:]:
        if level == FindingLevel.OFFICE or nodes[level]:
            return level
    return None


def _move_up(finding, user, reason, now):
    target = next_level(finding)
    old = finding.level
    finding.level = target
    finding.status = FindingStatus.ESCALATED
    finding.escalations += 1
    # The new level gets a deadline of its own, so the job does not refer it again at once.
    finding.due_at = deadline(WorkCalendar(), now, finding.hazard_type)
    finding.save(update_fields=["level", "status", "escalations", "due_at"])
    _log(finding, user, Action.ESCALATED, reason, now, {"from": old, "to": target})
    with_change(notify.escalated, finding.pk)
    return finding


@transaction.atomic
def escalate(finding, user, reason, now=None):
    """Refer an unrectified finding up the grid by hand (逐级上报): the reason is required."""
    reason = _note(reason, True, _("why it goes up"))
    finding = _locked(finding)
    if not scope.can_recheck(user, finding):
        raise PermissionDenied
    if finding.status not in UNRECTIFIED_STATUSES:
        raise InspectionError(_("Only an unrectified finding can be referred up."))
    if next_level(finding) is None:
        raise InspectionError(_("This finding is already at the highest level."))
    return _move_up(finding, user, reason, now or timezone.now())


def overdue_findings(now):
    """Unrectified findings past their deadline below the top level, most overdue first."""
    return Finding.objects.overdue(now).exclude(level=FindingLevel.OFFICE).order_by("due_at", "pk")


def escalate_overdue_findings(now=None, dry_run=False):
    """Refer every unrectified finding past its deadline one level up (floor -> building ->
    community -> office) and tell the new level by mail; returns how many were referred.

    Safe to run twice at once: each finding is re-read under a row lock in its own transaction
    and referred only if it is still overdue then (the winner's fresh deadline makes the other
    run skip it)."""
    now = now or timezone.now()
    done = 0
    for finding in overdue_findings(now):
        if dry_run:
            done += next_level(finding) is not None
            continue
        with transaction.atomic():
            locked = _locked(finding)
            if not locked.is_overdue(now) or next_level(locked) is None:
                continue
            _move_up(locked, None, _("The rectification deadline passed."), now)
            done += 1
    return done


# Hygiene rankings ---------------------------------------------------------------------------


def ranking_rows(building, start, end, inspection=None):
    """[[room number, score], ...] of ``building``'s rooms scored from ``start`` to ``end``
    (their mean score, one decimal), best first; or of one round (``inspection``)."""
    from django.db.models import Avg

    checks = RoomCheck.objects.filter(hygiene_score__isnull=False)
    if inspection is not None:
        checks = checks.filter(round=inspection)
    else:
        checks = checks.filter(
            round__building_id=building.pk,
            round__inspected_at__date__gte=start,
            round__inspected_at__date__lte=end,
        )
    scores = checks.values("room_id", "room__number", "room__floor__path", "room__sort_order").annotate(score=Avg("hygiene_score"))
    rows = sorted(scores, key=lambda r: (-r["score"], r["room__floor__path"], r["room__sort_order"], r["room__number"]))
    return [[r["room__number"], round(float(r["score"]), 1)] for r in rows]


@transaction.atomic
def publish_ranking(user, building, *, title, start, end, inspection=None, now=None):
    """Publish a hygiene ranking (卫生评比公示) of ``building`` on its page: room numbers and
    scores only, copied now. Saving it refreshes the cached pages (the page cache watches it)."""
    community = get_community_model().objects.ancestor_of(building).order_by("-depth").first()
    if not scope.can_publish_ranking(user, building.pk, community.pk if community else None):
        raise PermissionDenied
    if inspection is not None:
        start = end = timezone.localtime(inspection.inspected_at).date()
    if start is None or end is None or end < start:
        raise InspectionError(_("The period must end after it starts."))
    rows = ranking_rows(building, start, end, inspection)
    if not rows:
        raise InspectionError(_("No room of this building has a hygiene score in that period."))
    now = now or timezone.now()
    return HygieneRanking.objects.create(
        building=building,
        title=(title or "").strip()[:120] or _("Hygiene ranking"),
        start=start,
        end=end,
        rows=rows,
        published=True,
        published_at=now,
        created_by=actor_name(user),
    )


@transaction.atomic
def set_ranking_published(ranking, user, published):
    ranking = HygieneRanking.objects.select_for_update().get(pk=ranking.pk)
    community = get_community_model().objects.ancestor_of(ranking.building).order_by("-depth").first()
    if not scope.can_publish_ranking(user, ranking.building_id, community.pk if community else None):
        raise PermissionDenied
    if ranking.published != published:
        ranking.published = published
        ranking.published_at = timezone.now() if published else ranking.published_at
        ranking.save(update_fields=["published", "published_at"])
    return ranking
