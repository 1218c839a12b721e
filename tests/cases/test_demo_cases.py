"""The demo cases (home.demo_cases) on the small test campus: every status, idempotent, trackable.

``seed_demo`` as a whole (which runs this seed on the full demo campus) is tested once in
tests/home/test_seed_demo.py, where the slow campus is built a single time.
"""

from io import StringIO

import pytest
from django.core import mail
from django.core.cache import caches
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Locale

from grid_pages.cases.models import Case, CaseCategory, CaseEvent, CaseStatus, ReplyTemplate
from grid_pages.cases.models import RepairRequestPage, SuggestionBoxPage
from home import demo_cases


@pytest.fixture
def seeded(campus, matters):
    caches["shared"].clear()
    Locale.objects.get_or_create(language_code="en")
    out = StringIO()
    demo_cases.seed(campus["home"], out)
    return out.getvalue()


def test_cases_in_every_status(seeded):
    assert "40 demo cases created" in seeded
    assert Case.objects.count() == 40
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)
    assert Case.objects.overdue().exists()
    assert Case.objects.filter(escalations__gte=1).exists()
    assert Case.objects.filter(duplicate_of__isnull=False).count() == 1
    assert Case.objects.filter(anonymous=True, kind="suggestion").count() >= 2
    assert Case.objects.filter(anonymous=True).exclude(email="", phone="").count() == 0
    assert Case.objects.exclude(email="").exists()
    assert Case.objects.filter(assignee__isnull=False).exists()


def test_dates_are_spread_and_consistent(seeded):
    from django.utils import timezone

    now = timezone.now()
    cases = list(Case.objects.all())
    assert max(now - c.submitted_at for c in cases).days >= 14
    for case in cases:
        events = list(CaseEvent.objects.filter(case=case))
        assert events[0].action == "submitted" and events[0].created_at == case.submitted_at
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)
        assert all(e.created_at <= now for e in events)
        if case.resolved_at:
            assert case.submitted_at < case.resolved_at <= now
        if case.status in (CaseStatus.NEW, CaseStatus.ACCEPTED) and not case.escalations:
            assert case.is_overdue(now) == (case.due_at < now)


def test_pages_templates_and_matters(seeded):
    english = Locale.objects.get(language_code="en")
    boxes = SuggestionBoxPage.objects.filter(slug="suggestions", locale=Locale.get_default())
    repairs = RepairRequestPage.objects.filter(slug="repair", locale=Locale.get_default())
    assert boxes.get().live and repairs.get().live
    assert ReplyTemplate.objects.count() >= 4
    water = CaseCategory.objects.get(locale__language_code="en", name="Water")
    assert water.locale == english


def test_second_run_adds_nothing(seeded, campus):
    counts = (Case.objects.count(), CaseEvent.objects.count(), ReplyTemplate.objects.count(),
              CaseCategory.objects.count(), SuggestionBoxPage.objects.count())
    out = StringIO()
    demo_cases.seed(campus["home"], out)
    assert "0 intake pages, 0 reply templates, 0 matters translated, 0 demo cases created" in out.getvalue()
    assert counts == (Case.objects.count(), CaseEvent.objects.count(), ReplyTemplate.objects.count(),
                      CaseCategory.objects.count(), SuggestionBoxPage.objects.count())


@override_settings(GRID_PAGES_CASES_TRACK_RATE=(100, 600))
def test_demo_cases_are_trackable(seeded, client):
    for case in Case.objects.all():
        response = client.get(f"/track/{case.code}/")
        assert response.status_code == 200, case.status
    duplicate = Case.objects.get(duplicate_of__isnull=False)
    assert f"/track/{duplicate.duplicate_of.code}/" in client.get(f"/track/{duplicate.code}/").content.decode()


def test_seeding_is_deterministic(campus, matters):
    from grid_pages.models import Room

    rooms = list(Room.objects.select_related("floor").order_by("floor__path", "sort_order", "number"))
    matters_by_name = {(c.kind, c.name): c for c in CaseCategory.objects.filter(locale=Locale.get_default())}
    import random

    now = timezone.now()
    first = demo_cases.plan_cases(random.Random(1), matters_by_name, rooms, now)
    second = demo_cases.plan_cases(random.Random(1), matters_by_name, rooms, now)
    assert [(p.scenario, p.matter, p.texts, p.age) for p in first] == [
        (p.scenario, p.matter, p.texts, p.age) for p in second
    ]


def test_muted_seed_sends_no_mail(campus, matters, django_capture_on_commit_callbacks):
    from grid_pages.cases import emails

    with emails.muted(), django_capture_on_commit_callbacks(execute=True):
        demo_cases.seed(campus["home"], StringIO())
    assert mail.outbox == []
