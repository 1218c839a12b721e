"""The demo campus behind ``manage.py seed_demo``: a plan built from fixtures/demo_campus.json, then applied.

``build_plan`` is pure and deterministic (a seeded ``random.Random``), so every run
plans the same pages and people; ``seed_campus`` creates whatever of that plan is
missing, matching pages by slug under their parent and people by name and phone,
so running it again changes nothing.
"""

import json
import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Locale, Page, ReferenceIndex, Site
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue

from grid_pages.models import BuildingPage, CommunityPage, FloorPage, GridAssignment, Room, StaffMember
from grid_pages.roles import GridRole

from .models import HomePage

DATA_PATH = Path(__file__).resolve().parent / "fixtures" / "demo_campus.json"
RANDOM_SEED = 20240901
TRANSLATION_LANGUAGE = "en"
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class Person:
    name: str
    phone: str
    position: str
    office: str = ""
    email: str = ""

    @property
    def key(self):
        return (self.name, self.phone)


@dataclass
class PagePlan:
    model: type
    slug: str
    title: str
    fields: dict
    glossary: dict  # Chinese text on this page -> English
    assignments: list = field(default_factory=list)  # (Person, GridRole, role_name)
    rooms: list = field(default_factory=list)  # (number, beds, Person)
    children: list = field(default_factory=list)

    def walk(self):
        """This plan and every plan below it, parents before children."""
        yield self
        for child in self.children:
            yield from child.walk()


def load_data(path=DATA_PATH):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class PeopleMaker:
    """Plausible Chinese names and unique mobile numbers from one seeded generator."""

    def __init__(self, rng, data):
        self.rng = rng
        self.surnames = data["surnames"]
        self.given = data["given_chars"]
        self.prefixes = data["phone_prefixes"]
        self.phones = set()
        self.emails = 0

    def name(self):
        given = "".join(self.rng.choice(self.given) for _ in range(self.rng.choice((1, 2, 2, 2))))
        return self.rng.choice(self.surnames) + given

    def phone(self):
        while True:
            digits = f"{self.rng.randrange(10**8):08d}"
            phone = f"{self.rng.choice(self.prefixes)}-{digits[:4]}-{digits[4:]}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def staff(self, position, office=""):
        self.emails += 1
        return Person(self.name(), self.phone(), position, office, f"grid{self.emails:03d}@example.edu.cn")

    def student(self, position):
        return Person(self.name(), self.phone(), position)


def paragraph(text):
    return f"<p>{escape(text)}</p>"


def build_plan(data=None, seed=RANDOM_SEED):
    """The whole campus as a tree of PagePlan, starting at the home page."""
    data = data or load_data()
    rng = random.Random(seed)
    people = PeopleMaker(rng, data)
    colleges_en = data["colleges_en"]
    h = data["home"]
    home = PagePlan(
        HomePage,
        h["slug"],
        h["title"],
        {"introduction": paragraph(h["introduction"])},
        # The English home is a sibling of the Chinese one under the root, so its slug must differ.
        {h["title"]: h["title_en"], h["introduction"]: h["introduction_en"], h["slug"]: f"{h['slug']}-en"},
    )
    for c in data["communities"]:
        lead = c["lead_college"]
        community = PagePlan(
            CommunityPage,
            c["slug"],
            c["title"],
            {"short_name": c["short_name"], "introduction": paragraph(c["introduction"])},
            {
                c["title"]: c["title_en"],
                c["short_name"]: c["short_name_en"],
                c["introduction"]: c["introduction_en"],
            },
            assignments=[
                (people.staff(f"{lead}党委副书记", f"{c['title']}综合服务站"), GridRole.COMMUNITY_HEAD, ""),
                (people.staff("学生工作部社区辅导员", f"{c['title']}综合服务站"), GridRole.COUNSELLOR, ""),
            ],
        )
        home.children.append(community)
        for index, b in enumerate(c["buildings"], start=1):
            community.children.append(plan_building(rng, people, c, b, index, colleges_en))
    return home


def plan_building(rng, people, c, b, index, colleges_en):
    number, college, floors = b["number"], b["college"], b["floors"]
    college_en = colleges_en[college]
    mark = b.get("named", "栋")
    title = f"{c['short_name']}{number}{mark}"
    title_en = f"{c['short_name_en']} Building {number}"
    street_no = 10 + index * 6 + rng.randrange(5)
    address = f"{c['campus']}{c['road']}{street_no}号"
    address_en = f"{street_no} {c['road_en']}, {c['campus_en']}"
    intro = (
        f"{title}建于{b['built']}年，地上{floors}层，由{college}包干，一楼设有党员工作站、自习室和自助洗衣房。"
    )
    intro_en = (
        f"{title_en} was built in {b['built']}. It has {floors} floors, is looked after by the {college_en} "
        f"and has a party members station, a study room and a self-service laundry on the ground floor."
    )
    assignments = [
        (people.staff(f"{college}学生第{rng.randint(1, 6)}党支部书记", f"{title}党员工作站"), GridRole.BUILDING_HEAD, ""),
        (people.staff("宿舍管理员", f"{title}一楼值班室"), GridRole.DORM_KEEPER, ""),
    ]
    if rng.random() < 0.6:
        grade = rng.choice((2022, 2023, 2024, 2025))
        assignments.append((people.staff(f"{college}{grade}级辅导员", f"{title}辅导员工作室"), GridRole.COUNSELLOR, ""))
    building = PagePlan(
        BuildingPage,
        number.lower(),
        title,
        {"short_number": number, "college": college, "address": address, "introduction": paragraph(intro)},
        {title: title_en, college: college_en, address: address_en, intro: intro_en},
        assignments=assignments,
    )
    # Older halls have six-bed rooms, newer ones four; a few rooms at the end of a corridor differ.
    usual_beds = 6 if b["built"] < 2005 else 4
    for level in range(1, floors + 1):
        count = rng.randint(8, 12)
        floor_title = f"{level}层"
        floor_intro = f"{level}层共有{count}间寝室，层长每周至少走访一次。"
        rooms = []
        for i in range(1, count + 1):
            beds = usual_beds if i < count - 1 or rng.random() < 0.5 else 10 - usual_beds
            grade = rng.choice((2022, 2023, 2024, 2025))
            rooms.append((f"{level}{i:02d}", beds, people.student(f"{college}{grade}级本科生")))
        building.children.append(
            PagePlan(
                FloorPage,
                str(level),
                floor_title,
                {"number": level, "introduction": paragraph(floor_intro)},
                {
                    floor_title: f"Floor {level}",
                    floor_intro: f"Floor {level} has {count} rooms. The floor head visits at least once a week.",
                },
                assignments=[(people.staff(f"{college}辅导员", f"{title}{level}层层长工作室"), GridRole.FLOOR_HEAD, "")],
                rooms=rooms,
            )
        )
    return building


def planned_people(plan):
    seen = {}
    for page in plan.walk():
        for person, _role, _name in page.assignments:
            seen.setdefault(person.key, person)
        for _number, _beds, person in page.rooms:
            seen.setdefault(person.key, person)
    return list(seen.values())


def ensure_people(people):
    """StaffMember rows for the planned people, created in bulk; returns {(name, phone): StaffMember}."""
    wanted = {p.key for p in people}
    existing = {(s.name, s.phone): s for s in StaffMember.objects.only("name", "phone") if (s.name, s.phone) in wanted}
    missing = [
        StaffMember(name=p.name, phone=p.phone, position=p.position, office=p.office, email=p.email)
        for p in people
        if p.key not in existing
    ]
    if missing:
        StaffMember.objects.bulk_create(missing, batch_size=500)
        # Not every backend returns primary keys from bulk_create; read them back.
        new_keys = {(s.name, s.phone) for s in missing}
        created = [s for s in StaffMember.objects.all() if (s.name, s.phone) in new_keys]
        # bulk_create sends no signals, so the admin's staff search would not find them.
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(StaffMember, created)
        existing.update({(s.name, s.phone): s for s in created})
    return existing, len(missing)


def ensure_locales():
    default = Locale.get_default()
    english, _ = Locale.objects.get_or_create(language_code=TRANSLATION_LANGUAGE)
    return default, english


def publish(page):
    page.save_revision(log_action=True).publish()


def ensure_home(plan, locale):
    """The portal's HomePage as the default site's root, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).filter(locale=locale).first()
    created = home is None
    if created:
        home = HomePage(title=plan.title, slug=plan.slug, locale=locale, **plan.fields)
        root.add_child(instance=home)
        publish(home)
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=settings.WAGTAIL_SITE_NAME
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        # Only ever remove Wagtail's untouched welcome page.
        if old_root.content_type.model_class() is Page and old_root.depth == 2 and not old_root.get_children().exists():
            old_root.delete()
    return home, created


def ensure_page(parent, plan, staff, locale):
    """The page planned under ``parent``, created and published with its people and rooms if missing."""
    page = Page.objects.child_of(parent).filter(slug=plan.slug).first()
    if page is not None:
        return page.specific, False
    page = plan.model(title=plan.title, slug=plan.slug, locale=locale, **plan.fields)
    # Inline rows go in through the page's cluster so the published revision holds them too.
    page.grid_assignments = [
        GridAssignment(staff=staff[person.key], role=role, role_name=role_name, sort_order=i)
        for i, (person, role, role_name) in enumerate(plan.assignments)
    ]
    if plan.rooms:
        page.grid_rooms = [
            Room(number=number, beds=beds, head=staff[person.key], sort_order=i)
            for i, (number, beds, person) in enumerate(plan.rooms)
        ]
    parent.add_child(instance=page)
    publish(page)
    return page, True


def store_string_translations(source, locale, glossary):
    """Record the plan's English for this source's strings, as a translator would in the editor."""
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        english = glossary.get(StringValue(segment.string.data).render_text())
        if english:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={
                    "data": StringValue.from_plaintext(english).data,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )


def ensure_translation(page, plan, locale):
    """Translate one page whose parent is already translated; returns the new translation or None.

    Page by page, parent before child: translating a subtree in one go can leave
    children unreachable (wagtail-localize issue 773).
    """
    if page.has_translation(locale):
        return None
    source, _ = TranslationSource.update_or_create_from_instance(page)
    store_string_translations(source, locale, plan.glossary)
    translation, _ = Translation.objects.update_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    # Saved as a draft and published here rather than on commit, so it works inside an outer transaction.
    translation.save_target(publish=False)
    translated = page.get_translation(locale)
    translated.get_latest_revision().publish()
    return translated


def ensure_index_page(home, model, *, slug, title, introduction, title_en, introduction_en, stdout):
    """A listing page of ``model`` under ``home`` (created once) and its English copy when home has one."""
    index = model.objects.child_of(home).first()
    if index is None:
        index = model(title=title, slug=slug, introduction=introduction)
        home.add_child(instance=index)
        index.save_revision().publish()
        stdout.write(f"Created the page {title}.")
    english = Locale.objects.filter(language_code="en").first()
    if english and home.get_translation_or_none(english) and index.get_translation_or_none(english) is None:
        translated = index.copy_for_translation(english)
        translated.title = title_en
        translated.introduction = introduction_en
        translated.save_revision().publish()
    return index


@dataclass
class SeedResult:
    pages_created: int = 0
    translations_created: int = 0
    staff_created: int = 0


@transaction.atomic
def seed_campus(plan=None):
    """Create whatever of the demo campus is missing; safe to run any number of times."""
    plan = plan or build_plan()
    result = SeedResult()
    default_locale, english = ensure_locales()
    staff, result.staff_created = ensure_people(planned_people(plan))
    # Left on, the reference index re-reads a whole floor for every room saved;
    # indexing each new page once at the end gives the same rows.
    with disable_reference_index_auto_update():
        created_pages = []
        home, created = ensure_home(plan, default_locale)
        pages = [(home, plan)]
        if created:
            created_pages.append(home)

        def add_children(parent, parent_plan):
            for child_plan in parent_plan.children:
                page, created = ensure_page(parent, child_plan, staff, default_locale)
                if created:
                    created_pages.append(page)
                pages.append((page, child_plan))
                add_children(page, child_plan)

        add_children(home, plan)
        result.pages_created = len(created_pages)
        for page, page_plan in pages:
            translated = ensure_translation(page, page_plan, english)
            if translated:
                result.translations_created += 1
                created_pages.append(translated)
    for page in created_pages:
        ReferenceIndex.create_or_update_for_object(page)
    return result


def ensure_admin(password=None):
    """The ``admin`` superuser; returns (user, password it was given now or None).

    A given password is always set; without one, a new account gets a random
    password and an existing account keeps its own.
    """
    User = get_user_model()
    user = User.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        password = password or secrets.token_urlsafe(12)
        user = User.objects.create_superuser(ADMIN_USERNAME, "admin@example.edu.cn", password)
        return user, password
    if password:
        user.set_password(password)
        user.is_superuser = user.is_staff = user.is_active = True
        user.save()
        return user, password
    return user, None


def campus_counts(locale=None):
    """What the demo campus consists of, in one language or (by default) all of them."""
    pages = {"communities": CommunityPage, "buildings": BuildingPage, "floors": FloorPage}
    by_locale = {"locale": locale} if locale else {}
    counts = {name: model.objects.filter(**by_locale).count() for name, model in pages.items()}
    counts.update(
        rooms=Room.objects.filter(**{f"floor__{k}": v for k, v in by_locale.items()}).count(),
        assignments=GridAssignment.objects.filter(**{f"page__{k}": v for k, v in by_locale.items()}).count(),
        pages=Page.objects.filter(**by_locale).count(),
        staff=StaffMember.objects.count(),
        locales=Locale.objects.count(),
        translations=Translation.objects.count(),
    )
    return counts
