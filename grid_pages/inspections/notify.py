"""Mail about findings: the level a finding is referred to is told, through Django's mail API
(the host's outbox backend keeps the message until it is delivered). Called after the commit;
a failure is logged, never raised, so a mail server never undoes an escalation."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grid_pages import conf as grid_conf
from grid_pages.models import GridAssignment

from . import conf
from .models import Finding, FindingLevel

logger = logging.getLogger(__name__)


def recipients(finding):
    """Addresses of the people who answer for the finding at its level: the staff on its floor,
    building or community page; at the office level the office group's members."""
    node = {
        FindingLevel.FLOOR: finding.floor_id,
        FindingLevel.BUILDING: finding.building_id,
        FindingLevel.COMMUNITY: finding.community_id,
    }.get(finding.level)
    if node:
        emails = GridAssignment.objects.filter(page_id=node, role__in=grid_conf.get("STAFF_ROLES")).values_list(
            "staff__email", flat=True
        )
    else:
        emails = get_user_model().objects.filter(groups__name=grid_conf.get("OFFICE_GROUP"), is_active=True).values_list(
            "email", flat=True
        )
    return sorted({e for e in emails if e})


def finding_admin_url(finding):
    base = (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    return base + reverse("grid_inspections_findings:detail", args=[finding.pk])


def escalated(finding_pk):
    try:
        finding = Finding.objects.select_related("hazard_type", "building", "floor").get(pk=finding_pk)
        to = recipients(finding)
        if not to:
            return
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Finding referred to you: %(place)s, %(hazard)s") % {
                "place": finding.place_label,
                "hazard": finding.hazard_type.name,
            }
            body = "\n".join(
                [
                    _("An inspection finding was not rectified in time and is now handled at the level: %(level)s.")
                    % {"level": finding.get_level_display()},
                    "",
                    _("Place: %(place)s") % {"place": finding.place_label},
                    _("Found: %(hazard)s, %(when)s") % {
                        "hazard": finding.hazard_type.name,
                        "when": f"{timezone.localtime(finding.found_at):%Y-%m-%d}",
                    },
                    _("Note: %(note)s") % {"note": finding.note or "-"},
                    _("New deadline: %(due)s") % {"due": f"{timezone.localtime(finding.due_at):%Y-%m-%d %H:%M}"},
                    "",
                    finding_admin_url(finding),
                ]
            )
        send_mail(subject, body, conf.get("FROM_EMAIL") or settings.DEFAULT_FROM_EMAIL, to)
    except Exception:  # mail must never undo or block the escalation
        logger.exception("Could not send the mail about finding %s", finding_pk)
