"""The student's rating of a resolved case (跟踪问效), through the tracking page, and the
follow-ups nobody answered."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grid_pages.cases import services
from grid_pages.cases.models import Case, CaseEvent, CaseKind, CaseStatus, HandlingLevel
from grid_pages.models import GridAssignment

from .queue_support import detail_url
from .test_emails import floor_head_email
from .test_intake import zh


@pytest.fixture
def resolved(campus, submit):
    case = submit(campus["x3"], "502", matter="门窗", description="门锁坏了")
    services.accept(case, None)
    return services.resolve(case, None, "已更换门锁。")


def url(case):
    return f"/track/{case.code}/"


def send(client, case, rating, comment="", version=None):
    return client.post(url(case), {"rating": rating, "comment": comment, "version": version or case.version})


def test_resolved_case_asks_for_a_rating(client, resolved):
    content = client.get(url(resolved)).content.decode()
    for value in ("satisfied", "basically", "unsatisfied"):
        assert f'value="{value}"' in content
    assert zh("Basically satisfied") in content and "csrfmiddlewaretoken" in content


@pytest.mark.parametrize("status", ["new", "accepted", "closed", "rejected"])
def test_other_statuses_do_not_ask(client, campus, submit, status):
    case = submit(campus["x3"], "502", matter="门窗")
    if status != "new":
        services.accept(case, None)
    if status == "closed":
        services.close(services.resolve(case, None, "好了"), None)
    if status == "rejected":
        services.reject(case, None, "不属于宿舍维修范围")
    assert 'name="rating"' not in client.get(url(case)).content.decode()


@pytest.mark.parametrize("rating", ["satisfied", "basically"])
def test_satisfied_and_basically_close_the_case(client, resolved, rating):
    response = send(client, resolved, rating, "谢谢，修好了")
    assert response.status_code == 302 and response["Location"] == url(resolved) + f"?rated={rating}"
    case = Case.objects.get(pk=resolved.pk)
    assert case.status == CaseStatus.CLOSED and case.rating == rating and case.closed_at and case.rated_at
    assert case.rating_comment == "谢谢，修好了" and case.handling_level == HandlingLevel.FLOOR
    event = case.events.order_by("pk").last()
    assert event.action == CaseEvent.Action.RATED and event.public and event.actor is None
    assert event.from_status == CaseStatus.RESOLVED and event.data == {"rating": rating}
    page = client.get(response["Location"]).content.decode()
    assert 'class="grid-message track-thanks"' in page and "谢谢，修好了" in page
    assert zh("Rated by the student: %(rating)s") % {"rating": case.get_rating_display()} in page
    assert 'name="rating"' not in page
    # The history in English too.
    english = client.get(f"/en/track/{case.code}/").content.decode()
    assert "Rated by the student: " + ("Satisfied" if rating == "satisfied" else "Basically satisfied") in english


def test_unsatisfied_reopens_one_level_up_and_tells_that_level(
    client, resolved, campus, django_capture_on_commit_callbacks
):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, resolved, "unsatisfied", "门锁还是<b>锁不上</b>")
    assert response["Location"] == url(resolved) + "?rated=unsatisfied"
    case = Case.objects.get(pk=resolved.pk)
    assert case.status == CaseStatus.ACCEPTED and case.rating == "unsatisfied"
    assert case.handling_level == HandlingLevel.BUILDING and case.handling_node_id == campus["x3"].pk
    assert case.escalations == 1 and case.assignee is None
    assert case.resolved_at is None and case.resolution == "" and case.due_at > before
    event = case.events.order_by("pk").last()
    assert event.action == CaseEvent.Action.RATED and event.public
    assert event.data == {"rating": "unsatisfied", "from": "floor", "to": "building"}
    page = client.get(response["Location"]).content.decode()
    assert "门锁还是&lt;b&gt;锁不上&lt;/b&gt;" in page and "<b>锁不上" not in page
    assert zh("Referred to the building level") in page and 'class="grid-message track-thanks"' in page
    # The building head is told, with the comment; the floor head is not.
    building_head = GridAssignment.objects.select_related("staff").get(page=campus["x3"], role="building_head")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [building_head.staff.email]
    assert floor_head_email(campus) not in mail.outbox[0].to
    assert "门锁还是<b>锁不上</b>" in mail.outbox[0].body and case.display_code in mail.outbox[0].subject

    # Resolved again, the student is asked again, and the new rating replaces the old one.
    services.resolve(case, None, "换了新锁芯。")
    assert Case.objects.get(pk=case.pk).rating == ""
    send(client, Case.objects.get(pk=case.pk), "satisfied")
    assert Case.objects.get(pk=case.pk).rating == "satisfied"


def test_unsatisfied_at_the_top_reopens_where_it_is(client, campus, submit, grid_users, django_capture_on_commit_callbacks):
    # 后勤 suggestions go to the office; no department is named above it.
    case = submit(campus["x3"], kind=CaseKind.SUGGESTION, matter="后勤", description="食堂太早关门")
    case = services.resolve(case, None, "已与食堂协商延长营业时间。")
    with django_capture_on_commit_callbacks(execute=True):
        send(client, case, "unsatisfied", "并没有延长")
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.ACCEPTED and case.handling_level == HandlingLevel.OFFICE
    assert case.escalations == 0
    assert [m.to for m in mail.outbox] == [[grid_users["office"].email]]


def test_unsatisfied_needs_a_comment_and_keeps_nothing_half_done(client, resolved):
    response = send(client, resolved, "unsatisfied", "   ")
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="track-error"' in content and 'value="unsatisfied"' in content
    case = Case.objects.get(pk=resolved.pk)
    assert case.status == CaseStatus.RESOLVED and case.rating == "" and case.handling_level == HandlingLevel.FLOOR
    assert not case.events.filter(action=CaseEvent.Action.RATED).exists()


def test_no_rating_chosen_is_a_form_error(client, resolved):
    response = send(client, resolved, "")
    assert response.status_code == 400
    assert zh("Choose how satisfied you are.") in response.content.decode()


@pytest.mark.parametrize("data", [{}, {"rating": "satisfied", "version": "x"}])
def test_malformed_posts_change_nothing(client, resolved, data):
    response = client.post(url(resolved), data)
    assert response.status_code == 400
    assert zh("Your answer could not be read. Reload the page and answer again.") in response.content.decode()
    assert Case.objects.get(pk=resolved.pk).status == CaseStatus.RESOLVED


def test_a_second_rating_is_told_the_case_moved_on(client, resolved):
    send(client, resolved, "satisfied")
    response = send(client, resolved, "unsatisfied", "还是坏的")  # the same page, sent again
    assert response.status_code == 400
    assert zh("This case is not waiting for your rating any more.") in response.content.decode()
    assert Case.objects.get(pk=resolved.pk).status == CaseStatus.CLOSED


def test_a_rating_after_staff_acted_is_refused_clearly(client, resolved):
    opened_version = resolved.version
    services.reply(resolved, None, "我们明天再来检查一次。")  # staff act meanwhile
    response = send(client, resolved, "satisfied", version=opened_version)
    assert response.status_code == 400
    assert Case.objects.get(pk=resolved.pk).status == CaseStatus.RESOLVED


def test_the_rating_needs_the_csrf_token(resolved):
    client = Client(enforce_csrf_checks=True)
    assert send(client, resolved, "satisfied").status_code == 403
    assert Case.objects.get(pk=resolved.pk).status == CaseStatus.RESOLVED


def test_ratings_count_against_the_tracking_rate_limit(client, resolved, settings):
    settings.GRID_PAGES_CASES_TRACK_RATE = (2, 600)
    client.get(url(resolved))
    client.get(url(resolved))
    assert send(client, resolved, "satisfied").status_code == 429
    assert Case.objects.get(pk=resolved.pk).status == CaseStatus.RESOLVED


def test_handlers_see_the_rating_in_the_queue(client, resolved, users):
    send(client, resolved, "unsatisfied", "还是坏的")
    client.force_login(users["building_head"])
    content = client.get(detail_url(resolved)).content.decode()
    assert 'data-rating="unsatisfied"' in content and "还是坏的" in content
    listing = client.get(reverse("grid_cases_queue:index"), {"rating": "unsatisfied"}).content.decode()
    assert resolved.display_code in listing
    listing = client.get(reverse("grid_cases_queue:index"), {"rating": "satisfied"}).content.decode()
    assert resolved.display_code not in listing


# Follow-ups nobody answered ------------------------------------------------------------------


def test_unrated_results_close_after_the_followup_days(client, campus, submit, settings):
    settings.GRID_PAGES_CASES_FOLLOWUP_DAYS = 7
    resolved_at = timezone.now() - timedelta(days=10)
    old = services.resolve(submit(campus["x3"], "502", matter="门窗"), None, "好了")
    Case.objects.filter(pk=old.pk).update(resolved_at=resolved_at)
    recent = services.resolve(submit(campus["x3"], "502", matter="门窗"), None, "好了")
    open_case = submit(campus["x3"], "502", matter="门窗")

    # Six days and 23 hours after the old result: nothing yet.
    assert services.close_expired_followups(now=resolved_at + timedelta(days=7) - timedelta(hours=1)) == []
    now = resolved_at + timedelta(days=7, minutes=1)
    assert [c.pk for c in services.close_expired_followups(now=now, dry_run=True)] == [old.pk]
    assert Case.objects.get(pk=old.pk).status == CaseStatus.RESOLVED  # a dry run changes nothing

    assert [c.pk for c in services.close_expired_followups(now=now)] == [old.pk]
    assert services.close_expired_followups(now=now) == []  # twice: nothing more
    case = Case.objects.get(pk=old.pk)
    assert case.status == CaseStatus.CLOSED and case.followup_expired and case.closed_at == now
    assert case.rating == "" and case.events.filter(action=CaseEvent.Action.FOLLOWUP_EXPIRED).count() == 1
    assert Case.objects.get(pk=recent.pk).status == CaseStatus.RESOLVED
    assert Case.objects.get(pk=open_case.pk).status == CaseStatus.NEW
    page = client.get(url(case)).content.decode()
    assert zh("Closed: no rating within %(days)d days") % {"days": 7} in page and 'name="rating"' not in page
