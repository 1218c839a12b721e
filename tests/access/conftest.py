from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from grid_pages.access.rights import STUDENT_AFFAIRS_GROUP
from grid_pages.models import FloorPage, GridAssignment
from grid_pages.roles import GridRole
from tests.factories import GridAssignmentFactory, StaffMemberFactory


def link_account(django_user_model, assignment, username):
    """Give the assigned person a login account, as an administrator does on the staff snippet."""
    user = django_user_model.objects.create_user(username=username, password="x")
    assignment.staff.user = user
    assignment.staff.save()
    return user


@pytest.fixture
def grid(campus):
    """The campus plus the floor pages the matrix uses, keyed by short names."""
    floors = {
        f"{key}f{n}": FloorPage.objects.child_of(campus[key]).get(number=n)
        for key, n in (("x3", 1), ("x3", 2), ("x5", 1), ("q3", 1))
    }
    return {**campus, **floors}


@pytest.fixture
def actors(grid, django_user_model):
    """Users holding grid roles in 庠园 x3 and in the neighbouring building and community."""
    def head(page_key, role):
        assignment = GridAssignment.objects.get(page=grid[page_key], role=role)
        return link_account(django_user_model, assignment, f"{role}-{page_key}")

    users = {
        "floor_head_x3f1": head("x3f1", GridRole.FLOOR_HEAD),
        "building_head_x3": head("x3", GridRole.BUILDING_HEAD),
        "community_head_xiangyuan": head("xiangyuan", GridRole.COMMUNITY_HEAD),
        "floor_head_x5f1": head("x5f1", GridRole.FLOOR_HEAD),
        "building_head_x5": head("x5", GridRole.BUILDING_HEAD),
        "community_head_qinyuan": head("qinyuan", GridRole.COMMUNITY_HEAD),
    }
    counsellor = GridAssignmentFactory(page=grid["x3"], role=GridRole.COUNSELLOR, staff=StaffMemberFactory())
    users["counsellor_x3"] = link_account(django_user_model, counsellor, "counsellor-x3")
    affairs = django_user_model.objects.create_user(username="affairs", password="x")
    affairs.groups.add(Group.objects.get(name=STUDENT_AFFAIRS_GROUP))
    users["student_affairs"] = affairs
    return users


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(username="root", password="x", email="root@example.edu.cn")


class _EditFormFields(HTMLParser):
    """The submittable fields of the admin's page edit form, as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.data, self._in_form, self._select, self._textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "page-edit-form":
            self._in_form = True
        elif tag == "option" and self._select:
            if self._select[2] is None:
                self._select[2] = a.get("value", "")
            if "selected" in a:
                self._select[1] = a.get("value", "")
        if not self._in_form or "name" not in a or "disabled" in a:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file") or (kind in ("checkbox", "radio") and "checked" not in a):
                return
            self.data.append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = [a["name"], None, None]
        elif tag == "textarea":
            self._textarea = [a["name"], ""]

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea:
            self.data.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select:
            name, selected, first = self._select
            self.data.append((name, selected if selected is not None else (first or "")))
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data


@pytest.fixture
def edit_form_data(client, admin_user):
    """A function returning the edit form of a page as posted data (read as a superuser)."""
    def read(page):
        client.force_login(admin_user)
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200
        parser = _EditFormFields()
        parser.feed(response.content.decode())
        client.logout()
        data = {}
        for name, value in parser.data:
            data.setdefault(name, value)
        return data
    return read


def reload(page):
    return Page.objects.get(pk=page.pk).specific
