"""The student's follow-up on a resolved case (跟踪问效), through the tracking page."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grid_pages.cases import services
from grid_pages.cases.models import Case, CaseEvent, CaseStatus

from .queue_support import detail_url
from .test_intake import zh
from .test_emails import floor_head_email


@pytest.fixture
def resolved(campus, submit):
    case = submit(campus["x3"], "502", matter="门窗", description="门锁坏了")
    services.accept(case, None)
    return services.resolve(case, None, "已更换门锁。")


def url(case):
    return f"/track/{case.code}/"


def send(client, case, solved, text="", version=None):
    data = {"solved": "yes" if solved else "no", "text": text, "version": version or case.version}
    return client.post(url(case), data)


def test_resolved_case_asks_the_student(client, resolved):
    content = client.get(url(resolved)).content.decode()
    assert 'name="solved" value="yes"' in content and 'name="solved" value="no"' in content
    assert "csrfmiddlewaretoken" in content


@pytest.mark.parametrize("status", ["new", "accepted", "closed", "rejected"])
def test_other_statuses_do_not_ask(client, campus, submit, status):
    case = submit(campus["x3"], "502", matter="门窗")
    if status != "new":
        services.accept(case, None)
    if status == "closed":
        services.close(services.resolve(case, None, "好了"), None)
    if status == "rejected":
        services.reject(case, None, "不属于宿舍维修范围")
    assert 'name="solved"' not in client.get(url(case)).content.decode()


def test_solved_closes_the_case_and_says_thank_you(client, resolved):
    response = send(client, resolved, True, "谢谢，修好了")
    assert response.status_code == 302 and response["Location"] == url(resolved) + "?feedback=solved"
    case = Case.objects.get(pk=resolved.pk)
    assert case.status == CaseStatus.CLOSED and case.satisfied is True and case.closed_at
    event = case.events.order_by("pk").last()
    assert event.action == CaseEvent.Action.CONFIRMED and event.public and event.actor is None
    assert event.from_status == CaseStatus.RESOLVED and event.text == "谢谢，修好了"
    page = client.get(response["Location"]).content.decode()
    assert 'class="grid-message track-thanks"' in page and "谢谢，修好了" in page
    assert 'name="solved"' not in page


def test_not_solved_sends_it_back_to_the_handlers(client, resolved, campus, django_capture_on_commit_callbacks):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, resolved, False, "门锁还是<b>锁不上</b>")
    assert response["Location"] == url(resolved) + "?feedback=not-solved"
    case = Case.objects.get(pk=resolved.pk)
    assert case.status == CaseStatus.ACCEPTED and case.satisfied is False
    assert case.resolved_at is None and case.due_at > before
    event = case.events.order_by("pk").last()
    assert event.action == CaseEvent.Action.NOT_SOLVED and event.public
    page = client.get(response["Location"]).content.decode()
    assert "门锁还是&lt;b&gt;锁不上&lt;/b&gt;" in page and "<b>锁不上" not in page
    # The floor handles 门窗: its head is told, with the student's reason.
    assert len(mail.outbox) == 1
    assert floor_head_email(campus) in mail.outbox[0].to
    assert "门锁还是<b>锁不上</b>" in mail.outbox[0].body and case.display_code in mail.outbox[0].subject

    # Resolved again, the student is asked again, and the new answer replaces the old one.
    services.resolve(case, None, "换了新锁芯。")
    assert Case.objects.get(pk=case.pk).satisfied is None
    send(client, Case.objects.get(pk=case.pk), True)
    assert Case.objects.get(pk=case.pk).satisfied is True


def test_not_solved_needs_a_reason_and_keeps_nothing_half_done(client, resolved):
    response = send(client, resolved, False, "   ")
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="track-error"' in content and 'name="solved" value="no"' in content
    case = Case.objects.get(pk=resolved.pk)
    assert case.status == CaseStatus.RESOLVED and case.satisfied is None
    assert not case.events.filter(action=CaseEvent.Action.NOT_SOLVED).exists()


@pytest.mark.parametrize("data", [{}, {"solved": "maybe", "version": "1"}, {"solved": "yes", "version": "x"}])
def test_malformed_posts_change_nothing(client, resolved, data):
    response = client.post(url(resolved), data)
    assert response.status_code == 400
    assert zh("Your answer could not be read. Reload the page and answer again.") in response.content.decode()
    assert Case.objects.get(pk=resolved.pk).status == CaseStatus.RESOLVED


def test_a_second_answer_is_told_the_case_moved_on(client, resolved):
    send(client, resolved, True)
    response = send(client, resolved, False, "还是坏的")  # the same page, sent again
    assert response.status_code == 400
    content = response.content.decode()
    assert zh("This case is not waiting for your feedback any more.") in content
    assert Case.objects.get(pk=resolved.pk).status == CaseStatus.CLOSED


def test_an_answer_after_staff_acted_is_refused_clearly(client, resolved):
    opened_version = resolved.version
    services.reply(resolved, None, "我们明天再来检查一次。")  # staff act meanwhile
    response = send(client, resolved, True, version=opened_version)
    assert response.status_code == 400
    assert Case.objects.get(pk=resolved.pk).status == CaseStatus.RESOLVED
    # Once staff closed it, the page says it no longer waits for an answer.
    case = services.close(Case.objects.get(pk=resolved.pk), None)
    response = send(client, case, False, "还是坏的")
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_the_answer_needs_the_csrf_token(resolved):
    client = Client(enforce_csrf_checks=True)
    assert send(client, resolved, True).status_code == 403
    assert Case.objects.get(pk=resolved.pk).status == CaseStatus.RESOLVED


def test_answers_count_against_the_tracking_rate_limit(client, resolved, settings):
    settings.GRID_PAGES_CASES_TRACK_RATE = (2, 600)
    client.get(url(resolved))
    client.get(url(resolved))
    assert send(client, resolved, True).status_code == 429
    assert Case.objects.get(pk=resolved.pk).status == CaseStatus.RESOLVED


def test_handlers_see_the_answer_in_the_queue(client, resolved, users):
    send(client, resolved, False, "还是坏的")
    client.force_login(users["floor_head"])
    content = client.get(detail_url(resolved)).content.decode()
    assert 'id="case-satisfied"' in content and "还是坏的" in content
    listing = client.get(reverse("grid_cases_queue:index"), {"satisfied": "false"}).content.decode()
    assert resolved.display_code in listing
    listing = client.get(reverse("grid_cases_queue:index"), {"satisfied": "true"}).content.decode()
    assert resolved.display_code not in listing
