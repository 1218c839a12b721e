"""Shared by the queue tests (test_queue*.py): URL helpers."""

import re

from django.urls import reverse

INDEX = "grid_cases_queue:index"


def detail_url(case):
    return reverse("grid_cases_queue:detail", args=[case.pk])


def action_url(case, action):
    return reverse("grid_cases_queue:action", args=[case.pk, action])


def listed_codes(response):
    """Tracking codes in the listing table, in order (the search box may repeat one)."""
    html = response.content.decode()
    tables = re.findall(r"<table.*?</table>", html, flags=re.S)
    return re.findall(r"\b([2-9A-Z]{4}-[2-9A-Z]{4})\b", "".join(tables))


def refused(response):
    """Wagtail answers PermissionDenied in the admin with a redirect home and a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )
