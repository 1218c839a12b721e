"""The moderation queue in the admin, through HTTP: who sees which cases, filters, search, order."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from grid_pages.cases.models import Case, CaseKind, CaseStatus

from .queue_support import INDEX, action_url, detail_url, listed_codes, refused

@pytest.fixture
def placed(campus, submit):
    """One case in each part of the grid the roles differ on."""
    return {
        "x3f5": submit(campus["x3"], "502", matter="门窗", description="门锁坏了"),
        "x3f1": submit(campus["x3"], "101", matter="电", description="灯不亮"),
        "x5": submit(campus["x5"], "101", matter="家具", description="椅子断腿"),
        "q3": submit(campus["q3"], "101", kind=CaseKind.SUGGESTION, matter="生活", description="希望增加晾衣架"),
    }


SEES = {
    "office": {"x3f5", "x3f1", "x5", "q3"},
    "admin": {"x3f5", "x3f1", "x5", "q3"},
    "community_head": {"x3f5", "x3f1", "x5"},
    "building_head": {"x3f5", "x3f1"},
    "floor_head": {"x3f5"},
    "other_building_head": {"x5"},
    "other_community_head": {"q3"},
    "room_head": set(),
    "nobody": set(),
}
HAS_QUEUE = {role for role, seen in SEES.items() if seen}



@pytest.mark.parametrize("role", list(SEES))
def test_permission_matrix(client, users, placed, role):
    client.force_login(users[role])
    listing = client.get(reverse(INDEX))
    if role in HAS_QUEUE:
        assert listing.status_code == 200
        assert set(listed_codes(listing)) == {placed[k].display_code for k in SEES[role]}
    else:
        assert refused(listing)
    for key, case in placed.items():
        opened = client.get(detail_url(case))
        if key in SEES[role]:
            assert opened.status_code == 200
            assert case.display_code in opened.content.decode()
        else:
            # Out of scope a case does not exist; without a queue the whole queue is refused.
            assert opened.status_code == 404 if role in HAS_QUEUE else refused(opened)
        response = client.post(action_url(case, "accept"), {"accept-version": case.version})
        status = Case.objects.get(pk=case.pk).status
        if key in SEES[role]:
            assert response.status_code == 302 and response["Location"].startswith(detail_url(case) + "#")
            assert status == CaseStatus.ACCEPTED
        else:
            assert (response.status_code == 404 or refused(response)) and status == CaseStatus.NEW


def test_menu_and_dashboard_only_for_queue_users(client, users, placed):
    client.force_login(users["floor_head"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(INDEX) in home and "Case queue (1)" in home
    assert 'id="grid-cases-section"' in home
    client.force_login(users["nobody"])
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(INDEX) not in home and 'id="grid-cases-section"' not in home


def test_no_add_edit_or_delete_views(client, users, placed):
    for name in ("add", "edit", "delete", "history", "usage", "inspect", "copy"):
        with pytest.raises(NoReverseMatch):
            reverse(f"grid_cases_queue:{name}", args=[] if name == "add" else [placed["x5"].pk])
    client.force_login(users["admin"])
    case = placed["x5"]
    for url in ("new/", f"edit/{case.pk}/", f"delete/{case.pk}/"):
        assert client.get(reverse(INDEX) + url).status_code == 404
        assert client.post(reverse(INDEX) + url).status_code == 404
    assert Case.objects.filter(pk=case.pk).exists()
    # GET on an action URL changes nothing.
    assert client.get(action_url(case, "accept")).status_code == 405


def test_filters(client, users, placed, matters):
    office = users["office"]
    client.force_login(office)
    x3f5, x3f1, x5, q3 = placed["x3f5"], placed["x3f1"], placed["x5"], placed["q3"]
    from grid_pages.cases import services
    from grid_pages.models import StaffMember

    services.accept(x3f1, office)
    me = StaffMember.objects.create(name="办公室老师", user=office)
    services.assign(x5, office, me)
    Case.objects.filter(pk=q3.pk).update(due_at=timezone.now() - timezone.timedelta(days=1))

    def codes(**params):
        response = client.get(reverse(INDEX), params)
        assert response.status_code == 200
        return set(listed_codes(response))

    assert codes(status="new") == {x3f5.display_code, q3.display_code}
    assert codes(status=["accepted", "new"]) == {x3f5.display_code, x3f1.display_code, x5.display_code, q3.display_code}
    assert codes(kind="suggestion") == {q3.display_code}
    assert codes(category=matters[(CaseKind.REPAIR, "电")].pk) == {x3f1.display_code}
    assert codes(community=placed["q3"].community_id) == {q3.display_code}
    assert codes(building=placed["x5"].building_id) == {x5.display_code}
    assert codes(overdue="true") == {q3.display_code}
    assert codes(mine="true") == {x5.display_code}
    assert codes(kind="repair", building=x3f5.building_id, status="new") == {x3f5.display_code}


def test_search_by_code_and_text(client, users, placed):
    client.force_login(users["office"])
    case = placed["x5"]

    def codes(q):
        return set(listed_codes(client.get(reverse(INDEX), {"q": q})))

    assert codes(case.display_code) == {case.display_code}
    assert codes(case.code.lower()) == {case.display_code}
    assert codes(case.display_code.lower().replace("-", " - ")) == {case.display_code}
    assert codes("晾衣架") == {placed["q3"].display_code}
    assert codes("庠园") == {placed[k].display_code for k in ("x3f5", "x3f1", "x5")}
    assert codes("没有这样的事") == set()
    # The first part of a code, as read from a note or a phone call.
    assert case.display_code in codes(case.code[:4].lower())
    assert case.display_code in codes(case.display_code[:6])
    # Search stays within the scope and the filters.
    client.force_login(users["floor_head"])
    assert codes(case.display_code) == set()
    assert codes("庠园") == {placed["x3f5"].display_code}


def test_sorting(client, users, placed):
    client.force_login(users["office"])
    now = timezone.now()
    for days, key in enumerate(["x5", "q3", "x3f1", "x3f5"]):
        Case.objects.filter(pk=placed[key].pk).update(due_at=now + timezone.timedelta(days=days + 1))
    by_due = listed_codes(client.get(reverse(INDEX), {"ordering": "due_at"}))
    assert by_due == [placed[k].display_code for k in ["x5", "q3", "x3f1", "x3f5"]]
    by_due_desc = listed_codes(client.get(reverse(INDEX), {"ordering": "-due_at"}))
    assert by_due_desc == list(reversed(by_due))
    newest_first = listed_codes(client.get(reverse(INDEX)))
    assert newest_first == [placed[k].display_code for k in ["q3", "x5", "x3f1", "x3f5"]]
    oldest_first = listed_codes(client.get(reverse(INDEX), {"ordering": "submitted_at"}))
    assert oldest_first == list(reversed(newest_first))
    from grid_pages.cases import services

    services.resolve(placed["x5"], users["office"], "好了")
    services.accept(placed["q3"], users["office"])
    by_status = listed_codes(client.get(reverse(INDEX), {"ordering": "status"}))
    # Workflow order: new, accepted, in progress, resolved ...
    assert by_status[-1] == placed["x5"].display_code and by_status[-2] == placed["q3"].display_code
    # A finished case has no deadline any more: it comes after the open ones, in either direction.
    assert listed_codes(client.get(reverse(INDEX), {"ordering": "due_at"}))[-1] == placed["x5"].display_code
    assert listed_codes(client.get(reverse(INDEX), {"ordering": "-due_at"}))[-1] == placed["x5"].display_code
    # An unknown ordering falls back to newest first instead of failing.
    assert listed_codes(client.get(reverse(INDEX), {"ordering": "phone"})) == newest_first


@override_settings(GRID_PAGES_CASES_QUEUE_PAGE_SIZE=3)
def test_pagination(client, users, placed, campus, submit):
    more = [submit(campus["x5"], "102", matter="家具", description=f"第{i}把椅子") for i in range(3)]
    client.force_login(users["office"])
    first = listed_codes(client.get(reverse(INDEX)))
    second = listed_codes(client.get(reverse(INDEX), {"p": 2}))
    third = listed_codes(client.get(reverse(INDEX), {"p": 3}))
    assert (len(first), len(second), len(third)) == (3, 3, 1)
    assert set(first) | set(second) | set(third) == {c.display_code for c in [*placed.values(), *more]}
    # Numbered pages are slices of the whole ordering, in its order, for every sort.
    with override_settings(GRID_PAGES_CASES_QUEUE_PAGE_SIZE=50):
        whole = {o: listed_codes(client.get(reverse(INDEX), {"ordering": o})) for o in ("-submitted_at", "due_at", "status")}
    assert first + second + third == whole["-submitted_at"]
    for ordering in ("due_at", "status"):
        numbered = [listed_codes(client.get(reverse(INDEX), {"ordering": ordering, "p": n})) for n in (1, 2, 3)]
        assert sum(numbered, []) == whole[ordering]
    assert listed_codes(client.get(reverse(INDEX), {"p": 9})) == third  # past the end: the last page
    # Filters and pages go together.
    assert len(listed_codes(client.get(reverse(INDEX), {"p": 2, "building": campus["x5"].pk}))) == 1


def test_list_query_count_is_flat(client, users, campus, submit, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["building_head"])
    counts = []
    for total in (5, 50):
        while Case.objects.count() < total:
            n = Case.objects.count()
            submit(campus["x3"], f"{n % 5 + 1}0{n % 3 + 1}", matter="门窗", description=f"第{n}个")
        client.get(reverse(INDEX))  # warm caches (content types, site)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(INDEX), {"status": "new", "ordering": "due_at"})
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        client.get(reverse(INDEX))


def test_results_fragment_is_scoped_too(client, users, placed):
    """The listing's AJAX fragment (filters and search in the drawer) follows the same rules."""
    results = reverse("grid_cases_queue:index_results")
    client.force_login(users["floor_head"])
    response = client.get(results, {"q": "庠园"})
    assert response.status_code == 200
    assert set(listed_codes(response)) == {placed["x3f5"].display_code}
    client.force_login(users["nobody"])
    assert refused(client.get(results))


def test_policy_lists_the_users_with_a_queue(users):
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(Case)
    with_queue = set(policy.users_with_any_permission(["view"]))
    assert with_queue == {users[role] for role in HAS_QUEUE}
    assert not policy.user_has_permission(users["office"], "add")
    assert not policy.user_has_permission(users["admin"], "delete")


def test_queue_columns_keep_codes_and_matters_whole(client, users, placed):
    """At 1280 px a code or a matter must not break mid-word ("S6U7-/MYK7", "家/具"): the cells
    carry the classes of queue.css, which the listing links (no inline style)."""
    client.force_login(users["office"])
    html = client.get(reverse(INDEX)).content.decode()
    assert "grid_cases/admin/queue.css" in html
    assert 'class="grid-cases-col-nowrap title"' in html  # the code
    assert html.count('<td class="grid-cases-col-keep">') >= 3 * len(placed)  # matter, place, assignee
