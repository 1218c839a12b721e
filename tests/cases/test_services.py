"""The case loop through the service layer: routing, transitions, history, versions."""

import pytest
from django.core.exceptions import PermissionDenied

from grid_pages.cases import services
from grid_pages.cases.models import Case, CaseEvent, CaseKind, CaseStatus, Department, HandlingLevel


def test_submit_routes_to_the_matters_level(campus, submit):
    case = submit(campus["x3"], "502", matter="门窗")
    assert case.status == CaseStatus.NEW
    assert case.handling_level == HandlingLevel.FLOOR
    assert case.floor.slug == "f5" and case.building_id == campus["x3"].pk
    assert case.community_id == campus["xiangyuan"].pk
    assert case.handling_node_id == case.floor_id
    assert "502" in case.place_label and "庠园社区" in case.place_label
    water = submit(campus["x3"], "502", matter="水")
    assert water.handling_node_id == campus["x3"].pk
    network = submit(campus["x3"], "502", matter="网络")
    assert network.handling_node_id is None and network.department == "网络信息中心"
    assert list(case.events.values_list("action", flat=True)) == ["submitted"]


def test_same_token_gives_one_case(campus, matters):
    import uuid

    from tests.cases.conftest import room_of

    token = uuid.uuid4()
    kwargs = dict(
        kind=CaseKind.REPAIR,
        category=matters[(CaseKind.REPAIR, "电")],
        room=room_of(campus["x3"], "101"),
        description="灯不亮",
        submission_token=token,
    )
    first, created = services.submit_case(**kwargs)
    again, created_again = services.submit_case(**kwargs)
    assert created and not created_again and first.pk == again.pk
    assert Case.objects.count() == 1


def test_full_loop_and_history(campus, submit, grid_users):
    user = grid_users["floor_head"]
    case = submit(campus["x3"], "502", matter="门窗")
    case = services.accept(case, user, version=case.version)
    case = services.start(case, user, version=case.version)
    case = services.reply(case, user, "明天上午维修", version=case.version)
    services.add_note(case, user, "已联系后勤")
    case = services.resolve(case, user, "已更换门锁", version=case.version)
    case = services.close(case, user, "回访满意", version=case.version)
    assert case.status == CaseStatus.CLOSED
    events = list(case.events.all())
    assert [e.action for e in events] == [
        "submitted", "accepted", "started", "replied", "note", "resolved", "closed"
    ]
    assert [e.to_status for e in events][-1] == CaseStatus.CLOSED
    assert not events[4].public and events[3].public
    assert events[1].actor == user and events[1].from_status == CaseStatus.NEW


def test_stale_version_is_refused(campus, submit, grid_users):
    case = submit(campus["x3"], "502", matter="门窗")
    opened = case.version
    services.accept(case, grid_users["building_head"], version=opened)
    with pytest.raises(services.CaseChanged):
        services.reject(case, grid_users["floor_head"], "重复", version=opened)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED


def test_out_of_scope_user_is_refused(campus, submit, grid_users):
    case = submit(campus["x3"], "502", matter="门窗")
    for name in ("other_building_head", "other_community_head", "room_head", "nobody"):
        with pytest.raises(PermissionDenied):
            services.accept(case, grid_users[name], version=case.version)


def test_history_is_append_only(campus, submit):
    from django.core.exceptions import ValidationError

    case = submit(campus["x3"], "502")
    event = case.events.get()
    event.text = "changed"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    with pytest.raises(ValidationError):
        CaseEvent.objects.filter(case=case).delete()


def test_escalation_climbs_the_grid(campus, submit):
    case = submit(campus["x3"], "502", matter="门窗")
    levels = []
    while True:
        try:
            case = services.escalate(case, None, "超时")
        except services.CaseError:
            break
        levels.append((case.handling_level, case.handling_node_id))
    assert levels == [
        (HandlingLevel.BUILDING, campus["x3"].pk),
        (HandlingLevel.COMMUNITY, campus["xiangyuan"].pk),
        (HandlingLevel.OFFICE, None),
    ]
    # 门窗 names no department: the office is the top. A matter that names one goes on to it.
    assert case.handling_level == HandlingLevel.OFFICE and case.department == ""
    case.category.department = Department.objects.get_or_create(name="后勤保障处")[0]
    case.category.save()
    case = services.escalate(case, None, "超时")
    assert (case.handling_level, case.department) == (HandlingLevel.DEPARTMENT, "后勤保障处")
    assert case.handling_department.name == "后勤保障处"


def test_anonymous_drops_contact(campus, submit):
    case = submit(
        campus["x3"], None, kind=CaseKind.SUGGESTION, anonymous=True, phone="13800000000", email="a@b.cn",
        contact_name="张三",
    )
    assert (case.phone, case.email, case.contact_name) == ("", "", "")
    assert case.room is None and case.building_id == campus["x3"].pk


def test_duplicates_point_to_the_root_and_never_loop(campus, submit):
    a = submit(campus["x3"], "502", matter="门窗", description="门锁坏了")
    b = submit(campus["x3"], "502", matter="门窗", description="门锁又坏了")
    c = submit(campus["x3"], "502", matter="门窗", description="门锁还是坏的")
    b = services.mark_duplicate(b, None, a)
    # Marking c as a duplicate of b (itself closed as a duplicate) points c at a.
    c = services.mark_duplicate(c, None, b)
    assert c.duplicate_of_id == a.pk
    # a cannot become a duplicate of b or c: that would close every case of the matter.
    for other in (b, c):
        with pytest.raises(services.CaseError):
            services.mark_duplicate(a, None, other)
    assert Case.objects.get(pk=a.pk).is_open


def test_reopening_clears_the_result_that_no_longer_stands(campus, submit):
    case = submit(campus["x3"], "502", matter="门窗")
    case = services.resolve(case, None, "已修好")
    case = services.reopen(case, None, "又坏了")
    assert case.resolution == "" and case.events.filter(action="resolved", text="已修好").exists()
    case = services.reject(case, None, "人为损坏")
    case = services.reopen(case, None, "重新核实")
    assert case.rejection_reason == "" and Case.objects.get(pk=case.pk).rejection_reason == ""


def test_a_matters_rules_live_in_the_default_language(matters):
    from wagtail.models import Locale

    water = matters[(CaseKind.REPAIR, "水")]
    english = water.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    english.name = "Water"
    english.handling_level = HandlingLevel.OFFICE  # an edit on the translation changes nothing
    english.resolution_time = 30
    english.response_unit = "working_hours"
    english.save()
    english.refresh_from_db()
    assert (english.handling_level, english.resolution_time, english.response_unit) == (
        water.handling_level, water.resolution_time, water.response_unit
    )
    # An edit of the default-language row reaches its translations.
    water.resolution_time = 7
    water.clock_stops_in_closures = True
    water.save()
    english.refresh_from_db()
    assert (english.resolution_time, english.clock_stops_in_closures, english.name) == (7, True, "Water")
