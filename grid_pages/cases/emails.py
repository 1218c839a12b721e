"""Case mail: to the handlers on a new or referred case, to the student on each public step.

Services hand each mail to ``with_change`` (``grid_pages.mail``): stored inside the case's own
transaction when the mail backend is durable (the portal's outbox), sent after the commit
otherwise. Every failure is logged and
swallowed, so a broken mail server never loses or blocks a case.

Links are absolute. The student's tracking link starts from the root URL of the site the
case was submitted on (``Case.source_page``), falling back to ``WAGTAILADMIN_BASE_URL``; the
handlers' link to the case in the admin always starts from ``WAGTAILADMIN_BASE_URL``, as
Wagtail's own notification mail does.
"""

import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..mail import absolute_url
from . import conf

logger = logging.getLogger(__name__)

_muted = threading.local()


@contextmanager
def muted():
    """Send no case mail inside the block, e.g. while seeding demo cases for made-up people.

    Wrap the whole transaction: the mail is sent when it commits.
    """
    depth = getattr(_muted, "depth", 0)
    _muted.depth = depth + 1
    try:
        yield
    finally:
        _muted.depth = depth


def _is_muted():
    return getattr(_muted, "depth", 0) > 0


# The queue's case page, under whichever name the admin viewset registers it; the admin
# home when none resolves.
ADMIN_CASE_URL_NAMES = (
    "grid_cases_queue:detail",
    "grid_cases_queue:inspect",
    "grid_cases_queue:edit",
    "grid_cases_case:inspect",
    "grid_cases_case:edit",
)


def _from_email():
    return conf.get("FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL


def _admin_base():
    return (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")


def admin_case_url(case):
    for name in ADMIN_CASE_URL_NAMES:
        try:
            path = reverse(name, args=[case.pk])
            break
        except NoReverseMatch:
            continue
    else:
        try:
            path = reverse("wagtailadmin_home")
        except NoReverseMatch:
            path = "/admin/"
    return _admin_base() + path


def tracking_url(case):
    """The case's tracking page in the active language, absolute."""
    from .timeline import tracking_path

    return absolute_url(case.source_page if case.source_page_id else None, tracking_path(case))


def _load(case_id):
    from .models import Case

    return Case.objects.select_related(
        "category", "community", "building", "floor", "assignee", "source_page", "handling_department"
    ).get(
        pk=case_id
    )


def _send(subject, template, context, recipients):
    body = render_to_string(template, context)
    # One message per list: handlers see each other's address, which they share anyway.
    send_mail(" ".join(str(subject).split()), body, _from_email(), recipients, fail_silently=False)


def _handler_context(case):
    from .timeline import handling_label

    return {
        "case": case,
        "matter": case.category.name,
        "handled_by": handling_label(case),
        "admin_url": admin_case_url(case),
    }


def notify_new_case(case_id):
    """Tell the case's handlers (or the office, above the grid) that it needs them."""
    if _is_muted():
        return
    try:
        from . import routing

        case = _load(case_id)
        recipients = routing.handler_emails(case)
        if not recipients:
            return
        # Handlers work in the grid's language.
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("New case %(code)s: %(matter)s, %(place)s") % {
                "code": case.display_code,
                "matter": case.category.name,
                "place": case.place_label,
            }
            _send(subject, "grid_cases/email/new_case.txt", _handler_context(case), recipients)
    except Exception:
        logger.exception("Could not send the new-case mail for case %s", case_id)


def notify_unsatisfied(case_id, event_id):
    """Tell the case's handlers (the level it was reopened at) that the student is not satisfied,
    with the student's comment."""
    if _is_muted():
        return
    try:
        from . import routing
        from .models import CaseEvent

        case = _load(case_id)
        recipients = routing.handler_emails(case)
        event = CaseEvent.objects.filter(pk=event_id, case_id=case.pk).first()
        if not recipients or event is None:
            return
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Case %(code)s: the student is not satisfied") % {"code": case.display_code}
            context = {**_handler_context(case), "reason": event.text, "rating": event.rating_label}
            _send(subject, "grid_cases/email/not_solved.txt", context, recipients)
    except Exception:
        logger.exception("Could not send the unsatisfied mail for case %s", case_id)


def _student_context(case):
    from .timeline import handling_label

    return {
        "case": case,
        "matter": case.category.label,
        "handled_by": handling_label(case),
        "tracking_url": tracking_url(case),
        "followup_days": conf.get("FOLLOWUP_DAYS"),
    }


def send_receipt(case_id):
    """The receipt a student who left an address gets at once: the tracking code and link."""
    if _is_muted():
        return
    try:
        case = _load(case_id)
        if case.anonymous or not case.email:
            return
        with translation.override(case.language or settings.LANGUAGE_CODE):
            subject = _("We received your case %(code)s") % {"code": case.display_code}
            _send(subject, "grid_cases/email/receipt.txt", _student_context(case), [case.email])
    except Exception:
        logger.exception("Could not send the receipt for case %s", case_id)


def notify_reminder(case_id, deadline):
    """Remind the case's handlers that its first-response or resolution deadline is near."""
    if _is_muted():
        return
    try:
        from grid_pages.workcalendar import WorkCalendar

        from . import routing

        case = _load(case_id)
        recipients = routing.handler_emails(case)
        if not recipients or not case.is_open:
            return
        due = case.response_due_at if deadline == "response" else case.due_at
        with translation.override(settings.LANGUAGE_CODE):
            if deadline == "response":
                subject = _("Case %(code)s needs a first response by %(due)s")
            else:
                subject = _("Case %(code)s is due by %(due)s")
            subject = subject % {"code": case.display_code, "due": f"{timezone.localtime(due):%m-%d %H:%M}"}
            context = {
                **_handler_context(case),
                "deadline": deadline,
                "due": due,
                "time_left": WorkCalendar(case.category.clock_stops_in_closures).time_left(due, timezone.now()),
            }
            _send(subject, "grid_cases/email/reminder.txt", context, recipients)
    except Exception:
        logger.exception("Could not send the reminder for case %s", case_id)


def notify_assigned(case_id):
    """Tell the person the case was assigned to."""
    if _is_muted():
        return
    try:
        case = _load(case_id)
        if case.assignee is None or not case.assignee.email:
            return
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Case %(code)s was assigned to you") % {"code": case.display_code}
            _send(subject, "grid_cases/email/assigned.txt", _handler_context(case), [case.assignee.email])
    except Exception:
        logger.exception("Could not send the assignment mail for case %s", case_id)


def notify_student(case_id, event_id):
    """Send a public step (acceptance, reply, result, rejection, reopening, referral) to the
    student's address, if any; a result asks for the rating."""
    if _is_muted():
        return
    try:
        from .models import CaseEvent
        from .timeline import public_step

        case = _load(case_id)
        if case.anonymous or not case.email:
            return
        event = CaseEvent.objects.filter(pk=event_id, case_id=case.pk, public=True).first()
        if event is None:
            return
        with translation.override(case.language or settings.LANGUAGE_CODE):
            step = public_step(case, event)
            subject = _("Your case %(code)s: %(step)s") % {"code": case.display_code, "step": step.title}
            context = {**_student_context(case), "step": step}
            _send(subject, "grid_cases/email/student_update.txt", context, [case.email])
    except Exception:
        logger.exception("Could not send the update mail for case %s, event %s", case_id, event_id)
