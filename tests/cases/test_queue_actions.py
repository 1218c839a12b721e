"""The case page in the admin: what it shows, and every action through HTTP."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from grid_pages.cases import services
from grid_pages.cases.models import Case, CaseKind, CasePhoto, CaseStatus, HandlingLevel, ReplyTemplate
from grid_pages.models import StaffMember

from .queue_support import INDEX, action_url, detail_url, refused

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def case(campus, submit):
    return submit(campus["x3"], "502", matter="门窗", description="门锁坏了\n第二行", contact_name="张三", phone="13900000000")


def act(client, case, action, **fields):
    """POST an action with the case's current version and the given fields (prefixed)."""
    case.refresh_from_db()
    data = {f"{action}-version": case.version, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(action_url(case, action), data)


def statuses(case):
    case.refresh_from_db()
    return case.status, list(case.events.values_list("action", flat=True))


def test_case_page_shows_the_case(client, users, case):
    client.force_login(users["floor_head"])
    response = client.get(detail_url(case))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (case.display_code, "门锁坏了<br>第二行", "张三", "13900000000", case.place_label, "Floor"):
        assert text in html
    # Offered actions follow the status: a new case can be accepted, not closed or reopened.
    for name in ("accept", "start", "assign", "reply", "note", "edit", "resolve", "reject", "duplicate", "escalate"):
        assert f'id="case-action-{name}"' in html
    for name in ("close", "reopen"):
        assert f'id="case-action-{name}"' not in html
    # Handlers of the case's node: the floor head (fixture) and the floor's own head.
    assert "x3f5_head-人" in html


def test_finished_case_offers_only_reopen_note_and_edit(client, users, case):
    services.reject(case, users["office"], "不属于报修")
    client.force_login(users["floor_head"])
    html = client.get(detail_url(case)).content.decode()
    offered = {name for name in ("accept", "start", "assign", "reply", "resolve", "reject", "duplicate",
                                 "escalate", "close", "reopen", "note", "edit") if f'id="case-action-{name}"' in html}
    assert offered == {"reopen", "note", "edit"}
    assert "不属于报修" in html


def test_every_action_through_http(client, users, case, campus, submit, matters):
    user = users["floor_head"]
    client.force_login(user)

    def ok(response):
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"].startswith(detail_url(case) + "#")

    ok(act(client, case, "accept"))
    assert statuses(case) == (CaseStatus.ACCEPTED, ["submitted", "accepted"])
    ok(act(client, case, "start"))
    assert statuses(case)[0] == CaseStatus.IN_PROGRESS

    local = StaffMember.objects.get(name="x3f5_head-人")
    ok(act(client, case, "assign", local_person=local.pk))
    case.refresh_from_db()
    assert case.assignee == local
    # A floor head assigns within the case's part of the grid only: "anyone" is not offered.
    anyone = StaffMember.objects.create(name="后勤王师傅")
    assert 'name="assign-person"' not in client.get(detail_url(case)).content.decode()
    assert act(client, case, "assign", person=anyone.pk).status_code == 200
    case.refresh_from_db()
    assert case.assignee == local

    template = ReplyTemplate.objects.create(kind=CaseKind.REPAIR, title="已派维修", text="已安排维修师傅上门。")
    page = client.get(detail_url(case)).content.decode()
    assert "已派维修" in page and 'id="grid-cases-reply-templates"' in page and "reply_templates.js" in page
    ok(act(client, case, "reply", template=template.pk, text="已安排维修师傅上门，明天上午。"))
    reply = case.events.get(action="replied")
    assert reply.public and reply.data == {"template": template.pk}

    ok(act(client, case, "note", text="内部：门锁型号 A3"))
    assert not case.events.get(action="note").public

    ok(act(client, case, "edit", description="门锁坏了"))
    case.refresh_from_db()
    assert case.description == "门锁坏了" and case.original_description == "门锁坏了\n第二行"
    assert "What the student wrote" in client.get(detail_url(case)).content.decode()

    ok(act(client, case, "escalate", reason="需要楼栋协调"))
    case.refresh_from_db()
    assert case.handling_level == HandlingLevel.BUILDING and case.escalations == 1

    ok(act(client, case, "resolve", resolution="已更换门锁"))
    assert statuses(case)[0] == CaseStatus.RESOLVED
    ok(act(client, case, "close", text="回访满意"))
    assert statuses(case)[0] == CaseStatus.CLOSED
    ok(act(client, case, "reopen", reason="又坏了"))
    assert statuses(case)[0] == CaseStatus.ACCEPTED
    ok(act(client, case, "reject", reason="人为损坏，请自行维修"))
    assert statuses(case)[0] == CaseStatus.REJECTED
    ok(act(client, case, "reopen", reason="重新核实"))

    original = submit(campus["x3"], "501", matter="门窗", description="五楼门锁")
    ok(act(client, case, "duplicate", original=original.display_code.lower()))
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.duplicate_of == original

    assert list(case.events.values_list("action", flat=True)) == [
        "submitted", "accepted", "started", "assigned", "replied", "note", "edited", "escalated",
        "resolved", "closed", "reopened", "rejected", "reopened", "duplicate",
    ]
    assert all(e.actor == user for e in case.events.exclude(action="submitted"))


def test_stale_version_keeps_the_typed_text(client, users, case):
    client.force_login(users["floor_head"])
    seen = case.version
    services.accept(case, users["building_head"], version=seen)
    response = client.post(action_url(case, "reply"), {"reply-version": seen, "reply-text": "我们马上处理"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "changed by someone else since you opened it" in html
    assert "我们马上处理" in html  # the typed reply is still in the form
    case.refresh_from_db()
    assert f'name="reply-version" value="{case.version}"' in html  # ... ready to send again
    assert list(case.events.values_list("action", flat=True)) == ["submitted", "accepted"]
    # The re-shown page is the latest state: accepting is no longer offered.
    assert 'id="case-action-accept"' not in html
    stale_accept = client.post(action_url(case, "accept"), {"accept-version": seen})
    assert stale_accept.status_code == 409 and case.events.count() == 2


def test_refusals_show_on_the_form(client, users, case):
    client.force_login(users["floor_head"])
    response = act(client, case, "reply", text="   ")
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    response = act(client, case, "duplicate", original=case.display_code)
    assert response.status_code == 200 and "Choose another case." in response.content.decode()
    response = act(client, case, "duplicate", original="ZZZZ-ZZZZ")
    assert "No such case." in response.content.decode()
    response = act(client, case, "assign")
    assert "Choose the person to assign." in response.content.decode()
    response = act(client, case, "close")  # not offered for a new case; the service refuses
    assert response.status_code == 200 and "Only a resolved case can be closed." in response.content.decode()
    assert client.post(action_url(case, "explode"), {}).status_code == 404
    assert statuses(case) == (CaseStatus.NEW, ["submitted"])


def test_duplicate_of_a_case_out_of_scope_is_refused(client, users, case, campus, submit):
    other = submit(campus["q3"], "101", matter="门窗")
    client.force_login(users["floor_head"])
    response = act(client, case, "duplicate", original=other.display_code)
    assert "No such case." in response.content.decode()
    assert statuses(case)[0] == CaseStatus.NEW


def test_anonymous_case_never_shows_contact(client, users, campus, submit):
    anonymous = submit(
        campus["x3"], "502", kind=CaseKind.SUGGESTION, matter="生活", description="匿名建议",
        anonymous=True, contact_name="李四", phone="13711112222", email="li@example.edu.cn",
    )
    # Even if a contact slipped into the row, the page does not show it.
    Case.objects.filter(pk=anonymous.pk).update(contact_name="李四", phone="13711112222", email="li@example.edu.cn")
    for role in ("office", "admin", "floor_head"):
        client.force_login(users[role])
        for url in (reverse(INDEX), detail_url(anonymous), reverse(INDEX) + "?q=匿名"):
            html = client.get(url).content.decode()
            assert "李四" not in html and "13711112222" not in html and "li@example.edu.cn" not in html
        assert "Anonymous" in client.get(detail_url(anonymous)).content.decode()


def test_student_text_is_escaped(client, users, campus, submit):
    hostile = submit(campus["x3"], "502", matter="门窗", description=XSS, extra_answers={XSS: XSS})
    Case.objects.filter(pk=hostile.pk).update(place_label=XSS)
    services.reply(hostile, users["office"], XSS)
    client.force_login(users["office"])
    for url in (reverse(INDEX), detail_url(hostile)):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert" in html


def test_photos_only_in_scope(client, users, case, campus, submit, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    photo = CasePhoto(case=case, width=1, height=1, size=4)
    photo.image.save("p.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    url = reverse("grid_cases_queue:photo", args=[photo.pk])
    client.force_login(users["floor_head"])
    assert url in client.get(detail_url(case)).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff\xd9"
    for role in ("other_building_head", "other_community_head"):
        client.force_login(users[role])
        assert client.get(url).status_code == 404
    for role in ("room_head", "nobody"):
        client.force_login(users[role])
        assert refused(client.get(url))
    client.logout()
    assert client.get(url).status_code == 302  # to the admin login
    assert client.get(reverse("grid_cases_queue:photo", args=[photo.pk + 1000])).status_code == 302


def test_detail_query_count_is_flat(client, users, case, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["floor_head"])
    counts = []
    for notes in (1, 20):
        while case.events.count() < notes + 1:
            services.add_note(case, users["office"], f"第{case.events.count()}条")
        client.get(detail_url(case))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(detail_url(case)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get(detail_url(case))


def test_matter_list_and_templates_for_the_office_only(client, users, matters):
    index = reverse("wagtailsnippets_grid_cases_casecategory:list")
    templates = reverse("wagtailsnippets_grid_cases_replytemplate:list")
    client.force_login(users["office"])
    listing = client.get(index)
    assert listing.status_code == 200 and "网络信息中心" in listing.content.decode()
    assert client.get(templates).status_code == 200
    matter = matters[(CaseKind.REPAIR, "水")]
    edit = reverse("wagtailsnippets_grid_cases_casecategory:edit", args=[matter.pk])
    assert client.get(edit).status_code == 200
    for role in ("building_head", "nobody"):
        client.force_login(users[role])
        assert refused(client.get(index)) and refused(client.get(edit)) and refused(client.get(templates))


def test_office_assigns_anyone_but_a_room_head_and_the_assignee_can_open_it(client, users, case, campus):
    from django.contrib.auth import get_user_model

    from grid_pages.cases import scope, services
    from grid_pages.roles import GridRole

    client.force_login(users["office"])
    room_head = StaffMember.objects.get(name="x3_502_head-人")
    assert room_head.assignments.filter(role=GridRole.ROOM_HEAD).exists()
    response = act(client, case, "assign", person=room_head.pk)
    assert response.status_code == 200 and Case.objects.get(pk=case.pk).assignee is None
    with pytest.raises(services.CaseError):
        services.assign(case, users["floor_head"], room_head)

    from .conftest import make_user

    contact = StaffMember.objects.create(name="后勤王师傅", email="wang@hq.example.edu.cn")
    contact.user = make_user("hq_wang")  # may use the admin, holds no grid role
    contact.save()
    assert not scope.can_use_queue(contact.user)
    response = act(client, case, "assign", person=contact.pk)
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).assignee == contact

    # The department's contact has no grid role, yet opens the case assigned to them, and only it.
    user = get_user_model().objects.get(username="hq_wang")
    assert scope.can_use_queue(user) and list(scope.visible_cases(user)) == [case]
    client.force_login(user)
    listing = client.get(reverse(INDEX), {"mine": "true"})
    assert listing.status_code == 200 and case.display_code in listing.content.decode()
    assert client.get(detail_url(case)).status_code == 200


def test_history_names_the_student_and_the_system_in_the_readers_language_and_shows_edits(client, users, case):
    from django.utils.translation import override

    from grid_pages.cases import services

    services.edit_description(case, users["floor_head"], "门锁坏了（已核实）")
    case = services.resolve(Case.objects.get(pk=case.pk), None, "已修好")
    services.rate(case, rating="satisfied")
    events = list(Case.objects.get(pk=case.pk).events.order_by("pk"))
    assert [e.actor_name for e in events if e.actor is None] == ["", "", ""]  # nothing frozen in a language
    with override("zh-hans"):
        assert [str(e.who) for e in events if e.actor is None] == ["学生", "系统", "学生"]
    client.force_login(users["floor_head"])  # an English admin
    page = client.get(detail_url(case)).content.decode()
    assert "<td>Student</td>" in page and "<td>System</td>" in page
    assert "<ins>门锁坏了（已核实）</ins>" in page


def test_after_an_action_the_page_returns_to_the_actions_not_the_top(client, users, case):
    """A handler who adds a note lands on the note form again; one who accepts (no longer
    offered) lands on the actions, where the confirmation is repeated."""
    client.force_login(users["floor_head"])
    noted = act(client, case, "note", text="内部：先联系宿管")
    assert noted.status_code == 302 and noted["Location"] == detail_url(case) + "#case-action-note"
    accepted = act(client, case, "accept")
    assert accepted["Location"] == detail_url(case) + "#case-actions"
    html = client.get(accepted["Location"]).content.decode()
    assert 'id="case-actions"' in html and 'id="case-action-note"' in html
    actions = html.split('id="case-actions"', 1)[1]
    assert 'class="grid-cases-done" role="status"' in actions and case.display_code in actions


def test_case_page_keeps_text_place_deadline_and_actions_in_two_columns(client, users, case):
    """The columns are static CSS (case.css, no inline style): the facts and the student's text
    in one, the actions in the other, the history under both."""
    client.force_login(users["floor_head"])
    html = client.get(detail_url(case)).content.decode()
    assert "grid_cases/admin/case.css" in html
    main, rest = html.split('class="grid-cases-case__main"', 1)[1].split('class="grid-cases-case__side"', 1)
    side, wide = rest.split('class="grid-cases-case__wide"', 1)
    assert 'id="case-description"' in main and case.place_label in main and 'id="case-due"' in main
    assert 'id="case-actions"' in side and 'id="case-action-reply"' in side
    assert 'id="case-history"' in wide
    # Place and deadlines come right after the status, before the rest of the facts.
    facts = main.split('class="grid-cases-facts"', 1)[1]
    assert facts.index('id="case-due"') < facts.index("Handling level")
