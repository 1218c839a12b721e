"""The only writers of where a student lives: every change of room or bed leaves a RoomMove."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import EmptyBed, RoomMove, Student


class RosterError(ValidationError):
    pass


def check_bed(room, bed, student=None):
    """Raise RosterError unless ``bed`` exists in ``room`` and no other active student holds it."""
    if room is None:
        return
    if bed is None or not 1 <= bed <= room.beds:
        raise RosterError(_("Room %(room)s has beds 1 to %(beds)d.") % {"room": room.number, "beds": room.beds})
    holders = Student.objects.filter(room=room, bed=bed, active=True)
    if student is not None and student.pk:
        holders = holders.exclude(pk=student.pk)
    if holders.exists():
        raise RosterError(_("Bed %(bed)d of room %(room)s is taken.") % {"bed": bed, "room": room.number})


def move_student(student, room, bed, *, user=None, reason="", now=None):
    """Move ``student`` to ``room`` and ``bed`` (``room`` None: out of the dorms); returns the
    RoomMove, or None when nothing changes. The student row is locked so two staff moving the
    same student at once cannot both write."""
    with transaction.atomic():
        student = Student.objects.select_for_update().get(pk=student.pk)
        bed = bed if room is not None else None
        if student.room_id == (room.pk if room else None) and student.bed == bed:
            return None
        check_bed(room, bed, student)
        move = RoomMove.objects.create(
            student=student,
            from_room_id=student.room_id,
            from_bed=student.bed,
            to_room=room,
            to_bed=bed,
            moved_at=now or timezone.now(),
            moved_by=user,
            reason=reason[:200],
        )
        student.room, student.bed = room, bed
        student.save(update_fields=["room", "bed", "updated_at"])
        if room is not None:
            EmptyBed.objects.filter(room=room, bed=bed).delete()
    return move


def set_active(student, active, *, user=None, reason=""):
    """Mark a student as living in or gone; gone students leave their bed (a move out)."""
    with transaction.atomic():
        if not active and student.room_id:
            move_student(student, None, None, user=user, reason=reason or _("Left the dorms"))
        Student.objects.filter(pk=student.pk).update(active=active, updated_at=timezone.now())


def mark_bed_empty(room, bed, *, user=None, empty=True):
    """Record (or withdraw) that the grid found ``bed`` of ``room`` empty."""
    if not empty:
        EmptyBed.objects.filter(room=room, bed=bed).delete()
        return None
    if not 1 <= bed <= room.beds:
        raise RosterError(_("Room %(room)s has beds 1 to %(beds)d.") % {"room": room.number, "beds": room.beds})
    if Student.objects.filter(room=room, bed=bed, active=True).exists():
        raise RosterError(_("Bed %(bed)d of room %(room)s is taken.") % {"bed": bed, "room": room.number})
    return EmptyBed.objects.update_or_create(room=room, bed=bed, defaults={"marked_by": user, "marked_at": timezone.now()})[0]
