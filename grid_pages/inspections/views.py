"""The phone screens of inspections (outside the admin, under the site's strict CSP): pick a
floor, record a round in one POST, see it recorded; and finding photos after a scope check.

Views parse and delegate: the rules are in ``services`` and ``scope``.
"""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.models import Locale

from grid_pages.conf import get_building_model, get_floor_model, get_page_model
from grid_pages.photos import private_photo_response

from . import conf, scope, services
from .forms import RoomValues, SlotValues, parse_round
from .models import FindingPhoto, HazardType, InspectionKind, InspectionRound

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()

LOGIN_URL = "wagtailadmin_login"


def _default_locale_pages(model):
    return model.objects.filter(locale_id=Locale.get_default().pk)


@never_cache
@login_required(login_url=LOGIN_URL)
def start(request):
    """The floors (and buildings) the user may record, nearest part of the grid first."""
    user = request.user
    if not scope.can_use(user):
        raise PermissionDenied
    floors = scope.pages_in_scope(user, _default_locale_pages(get_floor_model())) if scope.is_staff_user(user) else get_floor_model().objects.none()
    floors = list(floors.order_by("path").only("id", "title", "path", "depth", "number"))
    heads = scope.head_room_ids(user)
    if heads:
        from grid_pages.models import Room

        head_floors = set(Room.objects.filter(pk__in=heads).values_list("floor_id", flat=True))
        floors += [f for f in get_floor_model().objects.filter(pk__in=head_floors).order_by("path") if f not in floors]
    buildings = {b.path: b for b in get_building_model().objects.filter(path__in={f.path[: -f.steplen] for f in floors})}
    groups = {}
    for floor in floors:
        building = buildings.get(floor.path[: -floor.steplen])
        groups.setdefault(building, []).append(floor)
    communities = dict(Page.objects.filter(path__in={b.path[: -b.steplen] for b in buildings.values()}).values_list("path", "pk"))
    building_rounds = {
        b.pk for b in buildings.values() if scope.in_staff_scope(user, b.pk, communities.get(b.path[: -b.steplen]))
    }
    recent = scope.visible_rounds(user).select_related("building", "floor")[:10]
    return TemplateResponse(
        request,
        "grid_inspections/start.html",
        {"groups": groups.items(), "building_rounds": building_rounds, "recent": recent},
    )


@never_cache
@login_required(login_url=LOGIN_URL)
def record_floor(request, floor_id):
    floor = get_object_or_404(_default_locale_pages(get_floor_model()), pk=floor_id)
    return _record(request, services.place_for(request.user, floor=floor), floor.title)


@never_cache
@login_required(login_url=LOGIN_URL)
def record_building(request, building_id):
    building = get_object_or_404(_default_locale_pages(get_building_model()), pk=building_id)
    return _record(request, services.place_for(request.user, building=building), building.title)


def _record(request, place, title):
    hazards = list(HazardType.objects.filter(active=True))
    values, errors, general = {}, {}, []
    kind = InspectionKind.BOTH
    token = uuid.uuid4().hex
    note = ""
    status = 200
    if request.method == "POST":
        token = request.POST.get("token", "")
        kind = request.POST.get("kind") or InspectionKind.BOTH
        note = (request.POST.get("note") or "")[:1000]
        existing = InspectionRound.objects.filter(client_token=token, inspector=request.user).first()
        if existing is not None:  # a retried POST: the round is there already
            return redirect("grid_inspections:round", existing.pk)
        rooms, values, has_errors = parse_round(request.POST, request.FILES, place.rooms)
        if not has_errors:
            try:
                inspection, _created = services.record_round(
                    request.user, token=token, place=place, rooms=rooms, kind=kind, note=note
                )
            except services.InspectionError as error:
                general.append(error.message)
                errors = error.errors
            else:
                return redirect("grid_inspections:round", inspection.pk)
        else:
            general.append(_("The round was not recorded: see the rooms marked below."))
        status = 400
    by_floor = []
    for room in place.rooms:
        state = values.get(room.pk) or RoomValues()
        state.errors = state.errors + errors.get(room.pk, [])
        if not state.slots:
            state.slots = [SlotValues(0)]
        room.state = state
        room.finding_count = sum(1 for s in state.slots if s.hazard)
        if not by_floor or by_floor[-1][0] != room.floor_id:
            by_floor.append((room.floor_id, []))
        by_floor[-1][1].append(room)
    floor_titles = dict(get_floor_model().objects.filter(pk__in=[f for f, _r in by_floor]).values_list("pk", "title"))
    return TemplateResponse(
        request,
        "grid_inspections/record.html",
        {
            "title": title,
            "place": place,
            "floors": [(floor_titles.get(f, ""), rooms) for f, rooms in by_floor],
            "hazards": hazards,
            "kinds": InspectionKind.choices,
            "kind": kind,
            "token": token,
            "note": note,
            "general_errors": general + errors.get(None, []),
            "max_photos": conf.get("MAX_PHOTOS"),
            "draft_key": f"grid-inspections:{request.path}",
        },
        status=status,
    )


@never_cache
@login_required(login_url=LOGIN_URL)
def round_detail(request, pk):
    inspection = get_object_or_404(
        scope.visible_rounds(request.user).select_related("building", "floor"), pk=pk
    )
    findings = inspection.findings.select_related("hazard_type").order_by("room_check_id", "pk")
    scored = inspection.checks.filter(hygiene_score__isnull=False).count()
    return TemplateResponse(
        request,
        "grid_inspections/round.html",
        {
            "round": inspection,
            "findings": findings,
            "scored": scored,
            "draft_key": "grid-inspections:" + (
                reverse("grid_inspections:record_floor", args=[inspection.floor_id])
                if inspection.floor_id
                else reverse("grid_inspections:record_building", args=[inspection.building_id])
            ),
        },
    )


@login_required(login_url=LOGIN_URL)
def photo(request, pk):
    """A finding's photo, streamed to those who may see the finding; the files are not public."""
    item = get_object_or_404(FindingPhoto.objects.select_related("finding"), pk=pk)
    if not scope.can_view_finding(request.user, item.finding):
        raise Http404
    return private_photo_response(item.image)
