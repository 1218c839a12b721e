"""Reading the recording page's one POST into ``services.RoomInput`` rows, and back.

Field names: ``room`` (every room id listed, in order), ``score-<room>``, and per finding slot
``f-<room>-<n>-hazard``, ``-note``, ``-photos`` (files). A slot without a hazard type is empty
and ignored. Problems are reported per room so the page shows them next to it, with every
typed value kept (photos excepted: browsers cannot put a file back into a form).
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from grid_pages.photos import clean_photo

from . import conf
from .services import MAX_FINDINGS_PER_ROOM, FindingInput, RoomInput

SLOT = re.compile(r"^f-(\d+)-(\d+)-hazard$")


@dataclass
class SlotValues:
    """What one finding slot holds, to render it again."""

    index: int
    hazard: str = ""
    note: str = ""


@dataclass
class RoomValues:
    score: str = ""
    slots: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def _int(text):
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return None


def _photo(upload):
    return clean_photo(
        upload,
        max_bytes=conf.get("MAX_PHOTO_BYTES"),
        max_pixels=conf.get("MAX_PHOTO_PIXELS"),
        max_side=conf.get("PHOTO_MAX_SIDE"),
    )


def parse_round(data, files, rooms):
    """(``[RoomInput]``, ``{room id: RoomValues}``, has_errors) from a POST, for ``rooms`` (the
    place's rooms). Rooms the POST does not list are not part of the round."""
    allowed = {room.pk for room in rooms}
    listed = [room_id for room_id in (_int(v) for v in data.getlist("room")) if room_id in allowed]
    slots = {}
    for key in data:
        match = SLOT.match(key)
        if match and int(match.group(1)) in allowed:
            slots.setdefault(int(match.group(1)), []).append(int(match.group(2)))
    inputs, values, has_errors = [], {}, False
    for room_id in dict.fromkeys(listed):
        state = values[room_id] = RoomValues(score=(data.get(f"score-{room_id}") or "").strip()[:3])
        score = None
        if state.score:
            score = _int(state.score)
            if score is None or not 0 <= score <= 100:
                state.errors.append(_("A hygiene score is from 0 to 100."))
        findings = []
        for index in sorted(slots.get(room_id, []))[: MAX_FINDINGS_PER_ROOM + 1]:
            prefix = f"f-{room_id}-{index}-"
            slot = SlotValues(index, (data.get(prefix + "hazard") or "").strip(), (data.get(prefix + "note") or "")[:2000])
            state.slots.append(slot)
            hazard = _int(slot.hazard)
            uploads = [f for f in files.getlist(prefix + "photos") if f]
            if hazard is None:
                if slot.note.strip() or uploads:
                    state.errors.append(_("Choose what was found, or clear the note."))
                continue
            if len(uploads) > conf.get("MAX_PHOTOS"):
                state.errors.append(_("At most %(n)d photos per finding.") % {"n": conf.get("MAX_PHOTOS")})
                continue
            photos = []
            for upload in uploads:
                try:
                    photos.append(_photo(upload))
                except ValidationError as error:
                    state.errors.extend(error.messages)
            findings.append(FindingInput(hazard, slot.note.strip(), photos))
        has_errors = has_errors or bool(state.errors)
        inputs.append(RoomInput(room_id, score, findings))
    return inputs, values, has_errors
