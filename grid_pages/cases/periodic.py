"""Periodic work from one entry point: ``manage.py run_periodic`` (from cron, every minute).

Each job is idempotent and safe to run twice at once: escalation re-reads each case under a
row lock and refers it only if it is still overdue; a reminder is claimed by a conditional
update before it is sent; follow-ups are closed the same way; Wagtail publishes a scheduled
revision once. One failing job is logged and does not stop the others.

The jobs are also a task of Django's task framework (``run_periodic_task``), for a host that
runs a task worker: enqueueing it does the same work. The task framework has no scheduler of
its own, so something (cron) still has to start it; the command is the documented way.
"""

import logging
from dataclasses import dataclass
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from wagtail import hooks

from . import services

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    job: str
    done: int = 0
    lines: tuple = ()
    error: str = ""


def escalate_overdue(now, dry_run):
    cases = services.escalate_overdue(now=now, dry_run=dry_run)
    verb = "Would refer" if dry_run else "Referred"
    lines = [
        f"{verb} {case.display_code} {'from' if dry_run else 'to'} {case.get_handling_level_display()} "
        f"(due {timezone.localtime(case.due_at):%Y-%m-%d %H:%M})"
        for case in cases
    ]
    return len(cases), lines


def send_reminders(now, dry_run):
    sent = services.send_reminders(now=now, dry_run=dry_run)
    verb = "Would remind" if dry_run else "Reminded"
    return len(sent), [f"{verb} the handlers of {case.display_code} ({kind} deadline)" for case, kind in sent]


def close_expired_followups(now, dry_run):
    """Close resolved cases whose student did not rate the result in time (跟踪问效)."""
    closed = services.close_expired_followups(now=now, dry_run=dry_run)
    verb = "Would close" if dry_run else "Closed"
    return len(closed), [f"{verb} {case.display_code}: follow-up unanswered" for case in closed]


def publish_scheduled(now, dry_run):
    # Wagtail's own command (scheduled publishing and expiry of pages and snippets).
    out = StringIO()
    call_command("publish_scheduled", dryrun=dry_run, stdout=out)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    return 0, lines


JOBS = [
    ("escalate_overdue", escalate_overdue),
    ("send_reminders", send_reminders),
    ("close_expired_followups", close_expired_followups),
    ("publish_scheduled", publish_scheduled),
]


def all_jobs():
    """The jobs above, then those other apps add with the ``grid_periodic_jobs`` hook: a function
    returning ``[(name, job), ...]``, each ``job(now, dry_run)`` returning ``(count, lines)`` and
    idempotent like these (e.g. the outbox's mail worker, overdue inspection findings)."""
    jobs = list(JOBS)
    for fn in hooks.get_hooks("grid_periodic_jobs"):
        jobs.extend(fn())
    return jobs


def run(now=None, dry_run=False, only=None):
    """Run the jobs (or those named in ``only``) at ``now``; returns an ``Outcome`` per job."""
    now = now or timezone.now()
    outcomes = []
    for name, job in all_jobs():
        if only and name not in only:
            continue
        try:
            done, lines = job(now, dry_run)
            outcomes.append(Outcome(name, done, tuple(lines)))
        except Exception as error:  # one broken job must not stop the others
            logger.exception("Periodic job %s failed", name)
            outcomes.append(Outcome(name, error=f"{type(error).__name__}: {error}"))
    return outcomes


@task()
def run_periodic_task(only=None):
    """The periodic jobs as a task (``run_periodic_task.enqueue()``); returns the counts."""
    return {o.job: o.done for o in run(only=only) if not o.error}
