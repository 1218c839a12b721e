"""The roster in the admin: a listing scoped to the user's part of the grid, a student's page with
their moves, the move form, and the beds of a floor to mark empty.

Who sees whom is ``scope``'s alone (through ``StudentPermissionPolicy``); the office adds and edits
students (or imports them), and anyone in scope moves them, through ``services.move_student``.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale

from grid_pages.conf import get_building_model, get_community_model, get_floor_model
from grid_pages.lookup import find_rooms
from grid_pages.models import Room

from . import exports, scope, services
from .admin_common import ScopedMenuItem, ScopedViewOfficeEditsPolicy
from .models import EmptyBed, Student
from .places import attach_places, student_places


class StudentPermissionPolicy(ScopedViewOfficeEditsPolicy):
    """``view``: the staff of the grid, each their part; ``add``, ``change``, ``delete``: the office."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "view":
            return scope.can_view(user, instance)
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if "view" in actions:
            return scope.visible_students(user)
        return super().instances_user_has_any_permission_for(user, actions)


def _default_pages(model, request):
    pages = model.objects.filter(locale=Locale.get_default()).order_by("path").only("id", "title", "path")
    return scope.pages_in_scope(request.user, pages)


class StudentFilterSet(WagtailFilterSet):
    community = django_filters.ModelChoiceFilter(
        label=_("Community"), queryset=lambda request: _default_pages(get_community_model(), request), method="filter_place"
    )
    building = django_filters.ModelChoiceFilter(
        label=_("Building"), queryset=lambda request: _default_pages(get_building_model(), request), method="filter_place"
    )
    floor = django_filters.ModelChoiceFilter(
        label=_("Floor"), queryset=lambda request: _default_pages(get_floor_model(), request), method="filter_place"
    )
    college = django_filters.CharFilter(label=_("College"), lookup_expr="icontains")
    active = django_filters.BooleanFilter(label=_("Living in"), widget=django_filters.widgets.BooleanWidget)
    without_room = django_filters.BooleanFilter(
        label=_("Without a room"), method="filter_without_room", widget=django_filters.widgets.BooleanWidget
    )

    class Meta:
        model = Student
        fields = []

    def filter_place(self, queryset, name, value):
        return queryset.filter(room__floor__path__startswith=value.path) if value else queryset

    def filter_without_room(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(room__isnull=value)


class StudentIndexView(IndexView):
    any_permission_required = ["view"]
    default_ordering = "number"
    # Non-empty so Wagtail offers its export buttons; the rows come from ``exports``.
    list_export = ["number"]

    def get_base_queryset(self):
        return scope.visible_students(self.request.user, Student.objects.select_related("room__floor"))

    def get_valid_orderings(self):
        return ["number", "-number", "name", "-name", "college", "-college"]

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        return queryset.filter(Q(number__icontains=query) | Q(name__icontains=query) | Q(class_name__icontains=query))

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        student_places(context["object_list"])
        return context

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return exports.students_response(queryset, spreadsheet_format)

    @property
    def columns(self):
        return [
            TitleColumn("number", label=_("Student number"), get_url=lambda s: reverse("grid_roster_students:detail", args=[s.pk]), sort_key="number"),
            Column("name", label=_("Name"), sort_key="name"),
            Column("college", label=_("College"), sort_key="college"),
            Column("class_name", label=_("Class")),
            Column("place", label=_("Room"), accessor=lambda s: s.room.place if s.room_id else ""),
            Column("bed", label=_("Bed")),
            Column("phone", label=_("Phone")),
            BooleanColumn("active", label=_("Living in")),
        ]


class MoveForm(forms.Form):
    room = forms.CharField(
        label=_("New room"), required=False, max_length=80,
        help_text=_("As students type it, e.g. 庠园3栋502. Leave empty to move the student out."),
    )
    bed = forms.IntegerField(label=_("Bed"), required=False, min_value=1, max_value=99)
    left = forms.BooleanField(label=_("The student has left the dorms"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        text = (data.get("room") or "").strip()
        data["room_obj"] = None
        if text:
            result = find_rooms(text, locale=Locale.get_default())
            room = result.room
            if room is None:
                raise forms.ValidationError(gettext("No single room matches “%(text)s”: add the community or building.") % {"text": text[:80]})
            room = Room.objects.select_related("floor").get(pk=room.pk)
            if not scope.can_view_room(self.user, room):
                raise forms.ValidationError(gettext("That room is outside your part of the grid."))
            if not data.get("bed"):
                self.add_error("bed", gettext("Choose the bed."))
            data["room_obj"] = room
        return data


def student_detail(request, pk):
    """A student's record, their moves, and the move form (kept filled in when refused)."""
    student = get_object_or_404(Student.objects.select_related("room__floor"), pk=pk)
    if not scope.can_view(request.user, student):
        raise PermissionDenied
    form = MoveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["left"] and data["room_obj"] is None:
                services.set_active(student, False, user=request.user, reason=data["reason"])
            else:
                services.move_student(student, data["room_obj"], data.get("bed"), user=request.user, reason=data["reason"])
                if not student.active and data["room_obj"] is not None:
                    services.set_active(student, True, user=request.user)
        except services.RosterError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, gettext("Move recorded."))
            return redirect("grid_roster_students:detail", student.pk)
    moves = list(student.moves.select_related("from_room__floor", "to_room__floor", "moved_by"))
    attach_places([student.room] + [m.from_room for m in moves] + [m.to_room for m in moves])
    return TemplateResponse(
        request,
        "grid_roster/admin/student_detail.html",
        {
            "student": student,
            "moves": moves,
            "form": form,
            "can_edit": scope.is_office(request.user),
            "header_title": str(student),
            "index_url": reverse("grid_roster_students:index"),
        },
    )


def floor_beds(request, pk):
    """The beds of one floor, each with its student or marked empty; a POST marks or unmarks one."""
    floor = get_object_or_404(get_floor_model(), pk=pk)
    rooms = list(scope.rooms_in_scope(request.user, Room.objects.filter(floor=floor).select_related("floor")).order_by("sort_order", "pk"))
    if not rooms:
        raise PermissionDenied
    if request.method == "POST":
        room = next((r for r in rooms if str(r.pk) == request.POST.get("room")), None)
        try:
            bed = int(request.POST.get("bed", ""))
        except ValueError:
            bed = 0
        if room is None:
            raise PermissionDenied
        try:
            services.mark_bed_empty(room, bed, user=request.user, empty=request.POST.get("empty") == "1")
        except services.RosterError as error:
            messages.error(request, error.messages[0])
        return redirect(reverse("grid_roster_beds", args=[floor.pk]) + f"#room-{room.pk}")
    students = {}
    for s in Student.objects.filter(room__in=rooms, active=True).only("pk", "name", "number", "room_id", "bed"):
        students[(s.room_id, s.bed)] = s
    empty = set(EmptyBed.objects.filter(room__in=rooms).values_list("room_id", "bed"))
    for room in rooms:
        room.bed_list = [(bed, students.get((room.pk, bed)), (room.pk, bed) in empty) for bed in range(1, room.beds + 1)]
    attach_places(rooms[:1])
    return TemplateResponse(
        request,
        "grid_roster/admin/floor_beds.html",
        {"floor": floor, "rooms": rooms, "header_title": gettext("Beds: %(place)s") % {"place": f"{rooms[0].building_title} · {floor.title}"}},
    )


class StudentViewSet(ModelViewSet):
    model = Student
    name = "grid_roster_students"
    url_prefix = "roster/students"
    icon = "group"
    menu_label = _("Student roster")
    menu_item_class = ScopedMenuItem
    menu_order = 230
    add_to_admin_menu = True
    index_view_class = StudentIndexView
    filterset_class = StudentFilterSet
    permission_policy = StudentPermissionPolicy(Student)
    form_fields = ["number", "name", "college", "class_name", "phone", "active"]
    search_fields = ["number", "name"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("<int:pk>/record/", student_detail, name="detail")]
