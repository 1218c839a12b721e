"""Case mail: to the handlers on a new or referred case, to the student on each public step.

Sent after the transaction commits (services call these through ``on_commit``); every
failure is logged and swallowed, so a broken mail server never loses or blocks a case.
"""

import logging

logger = logging.getLogger(__name__)


def notify_new_case(case_id):
    """Tell the case's handlers (or the office, above the grid) that it needs them."""


def notify_assigned(case_id):
    """Tell the person the case was assigned to."""


def notify_student(case_id, event_id):
    """Send a public step (reply, result, rejection, referral) to the student's address, if any."""
