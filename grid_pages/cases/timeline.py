"""What a student may see of a case: the public timeline and who handles it, by grid role.

Shared by the tracking pages and the student's mail so both say the same thing. Nothing here
reads a person: handlers are named by their place in the grid (庠园3栋 楼长), never by name,
phone or address.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from grid_pages.roles import GridRole

from .models import CaseEvent, CaseStatus, HandlingLevel, department_name

Action = CaseEvent.Action

# The path a case normally takes; a rejected case leaves it after the first step.
STEPS = [CaseStatus.NEW, CaseStatus.ACCEPTED, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, CaseStatus.CLOSED]


def referral_text(level):
    return {
        HandlingLevel.FLOOR: _("Referred to the floor level"),
        HandlingLevel.BUILDING: _("Referred to the building level"),
        HandlingLevel.COMMUNITY: _("Referred to the community level"),
        HandlingLevel.OFFICE: _("Referred to the student-affairs office"),
        HandlingLevel.DEPARTMENT: _("Referred to a functional department"),
    }.get(level, _("Referred"))


def tracking_path(case_or_code):
    code = getattr(case_or_code, "code", case_or_code)
    try:
        return reverse("grid_cases:track_case", args=[code])
    except NoReverseMatch:  # a host site that does not route the tracking pages
        return ""


@dataclass
class Step:
    when: object
    title: str
    text: str = ""
    link: str = ""
    link_text: str = ""


def public_step(case, event):
    """One public event as the student sees it: a title in the active language and the text staff wrote."""
    if event.action == Action.ESCALATED:
        return Step(event.created_at, referral_text(event.data.get("to")), event.text)
    if event.action == Action.DUPLICATE:
        original = case.duplicate_of
        if original is not None:
            return Step(
                event.created_at,
                _("Closed as the same matter as case %(code)s") % {"code": original.display_code},
                _("Follow that case instead."),
                tracking_path(original),
                original.display_code,
            )
        return Step(event.created_at, event.get_action_display())
    if event.action == Action.REJECTED:
        return Step(event.created_at, _("Rejected"), event.text)
    if event.action == Action.RESOLVED:
        return Step(event.created_at, _("Resolved"), event.text)
    if event.action == Action.REPLIED:
        return Step(event.created_at, _("Reply"), event.text)
    if event.action == Action.RATED:
        title = _("Rated by the student: %(rating)s") % {"rating": event.rating_label}
        data = event.data or {}
        if data.get("to") and data.get("to") != data.get("from"):
            title = f"{title}. {referral_text(data['to'])}"
        elif data.get("to"):
            title = f"{title}. {_('Reopened')}"
        return Step(event.created_at, title, event.text)
    if event.action == Action.FOLLOWUP_EXPIRED:
        return Step(
            event.created_at,
            _("Closed: no rating within %(days)d days") % {"days": (event.data or {}).get("days", 0)},
        )
    return Step(event.created_at, event.get_action_display(), event.text)


def public_timeline(case):
    """The case's public history, oldest first, in one query."""
    events = CaseEvent.objects.filter(case=case, public=True).only(
        "created_at", "action", "text", "data", "case_id"
    ).order_by("created_at", "pk")
    return [public_step(case, event) for event in events]


def _active_locale():
    from wagtail.models import Locale

    try:
        return Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return None


def _title(page, locale):
    """The page's title in the active language (the English tree's title on /en/)."""
    if page is None:
        return ""
    if locale is None or page.locale_id == locale.pk:
        return page.title
    translation = page.get_translation_or_none(locale)
    return translation.title if translation is not None and translation.live else page.title


def handling_label(case):
    """Who handles the case, as a place in the grid and a role: "庠园3栋 5层 层长", "学生工作部"."""
    node = case.handling_node_id
    if case.handling_level == HandlingLevel.DEPARTMENT:
        return department_name(case.handling_department_id, case.department) or HandlingLevel.DEPARTMENT.label
    if case.handling_level == HandlingLevel.OFFICE or node is None:
        return str(HandlingLevel(case.handling_level).label)
    locale = _active_locale()
    if node == case.floor_id:
        return f"{_title(case.building, locale)} {_title(case.floor, locale)} {GridRole.FLOOR_HEAD.label}".strip()
    if node == case.building_id:
        return f"{_title(case.building, locale)} {GridRole.BUILDING_HEAD.label}".strip()
    if node == case.community_id:
        return f"{_title(case.community, locale)} {GridRole.COMMUNITY_HEAD.label}".strip()
    return str(HandlingLevel(case.handling_level).label)


def place_label(case):
    """Where the case is, in the active language: the grid's titles from the English tree on
    /en/; the text kept at submission when the pages are gone or not translated."""
    locale = _active_locale()
    if locale is None or not case.community_id or case.community.locale_id == locale.pk:
        return case.place_label
    parts = [_title(p, locale) for p in (case.community, case.building, case.floor) if p is not None]
    if case.room_id:
        parts.append(_("Room %(number)s") % {"number": case.room.number})
    # Translated titles are phrases ("Xiangyuan Building 3"): commas keep them apart.
    return ", ".join(parts) or case.place_label


def progress(case):
    """[(label, state)] for the step indicator; state is "done", "current" or "todo".

    Only steps the case really took are "done": a case resolved straight from 待受理 shows no
    "Accepted", one never started shows no "In progress".
    """
    if case.status == CaseStatus.REJECTED:
        return [(CaseStatus.NEW.label, "done"), (CaseStatus.REJECTED.label, "current")]
    current = STEPS.index(case.status) if case.status in STEPS else 0
    skipped = set()
    if current > STEPS.index(CaseStatus.ACCEPTED) and case.accepted_at is None:
        skipped.add(CaseStatus.ACCEPTED)
    if current > STEPS.index(CaseStatus.IN_PROGRESS) and not case.events.filter(action=Action.STARTED).exists():
        skipped.add(CaseStatus.IN_PROGRESS)
    return [
        (status.label, "done" if i < current else "current" if i == current else "todo")
        for i, status in enumerate(STEPS)
        if status not in skipped
    ]
