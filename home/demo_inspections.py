"""Demo inspections for the seeded campus: a few rounds on the first building's floors over the
last two weeks, with findings in every state and a published hygiene ranking, all made through
the inspection services. ``seed(home, stdout)`` does nothing once any round exists."""

import random
from datetime import timedelta

from django.utils import timezone
from wagtail.models import Locale

from grid_pages.inspections import services
from grid_pages.inspections.models import HazardType, InspectionRound
from grid_pages.models import BuildingPage, FloorPage
from home.demo_cases import ensure_office_user

RANDOM_SEED = 20251201


def seed(home, stdout):
    if InspectionRound.objects.exists():
        return
    building = BuildingPage.objects.descendant_of(home).filter(locale=Locale.get_default()).order_by("path").first()
    hazards = list(HazardType.objects.filter(active=True))
    if building is None or not hazards:
        return
    user = ensure_office_user()
    rng = random.Random(RANDOM_SEED)
    now = timezone.now()
    rounds = []
    for offset, floor in enumerate(FloorPage.objects.child_of(building).order_by("number", "path")[:3]):
        place = services.place_for(user, floor=floor)
        entries = []
        for room in place.rooms:
            found = [services.FindingInput(rng.choice(hazards).pk, "检查时发现")] if rng.random() < 0.25 else []
            entries.append(services.RoomInput(room.pk, rng.randint(70, 99), found))
        inspection, _created = services.record_round(
            user, token=f"demo-{floor.pk}", place=place, rooms=entries, now=now - timedelta(days=12 - 4 * offset)
        )
        rounds.append(inspection)
    findings = [f for r in rounds for f in r.findings.order_by("pk")]
    for index, finding in enumerate(findings[: len(findings) // 2]):
        services.rectify(finding, user, "已整改", now=finding.found_at + timedelta(hours=20))
        if index % 2 == 0:
            services.recheck(finding, user, True, now=finding.found_at + timedelta(days=1, hours=2))
    start = timezone.localtime(rounds[0].inspected_at).date() if rounds else timezone.localdate()
    services.publish_ranking(user, building, title="本月卫生评比", start=start, end=timezone.localdate())
    stdout.write(f"Inspections: {len(rounds)} rounds, {len(findings)} findings in {building.title}.")
