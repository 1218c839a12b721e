"""Where grid pages may sit in the tree, and that editors can create each level in the admin."""

from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from grid_pages.models import BuildingPage, CommunityPage, FloorPage, GridAssignment, Room
from grid_pages.roles import GridRole
from home.models import HomePage
from tests.factories import (
    BuildingPageFactory,
    CommunityPageFactory,
    FloorPageFactory,
    HomePageFactory,
    StaffMemberFactory,
)


GRID_LEVELS = {CommunityPage, BuildingPage, FloorPage}


class GridTreeRulesTests(WagtailPageTestCase):
    """Community under home only, building under community, floor under building, no level under floor.

    Sub-apps (notices, activities...) may add their own page types under grid pages;
    those must be marked grid_subpage and are checked apart from the grid levels.
    """

    def assertGridSubpageTypes(self, parent, expected_levels):
        allowed = set(parent.allowed_subpage_models())
        self.assertEqual(allowed & GRID_LEVELS, expected_levels)
        for model in allowed - GRID_LEVELS:
            self.assertTrue(getattr(model, "grid_subpage", False), f"{model} under {parent} is not a grid sub-app page")

    def test_community_only_under_home(self):
        self.assertAllowedParentPageTypes(CommunityPage, {HomePage})
        self.assertCanCreateAt(HomePage, CommunityPage)
        for parent in (Page, CommunityPage, BuildingPage, FloorPage):
            self.assertCanNotCreateAt(parent, CommunityPage)

    def test_building_only_under_community(self):
        self.assertAllowedParentPageTypes(BuildingPage, {CommunityPage})
        self.assertGridSubpageTypes(CommunityPage, {BuildingPage})
        for parent in (Page, HomePage, BuildingPage, FloorPage):
            self.assertCanNotCreateAt(parent, BuildingPage)

    def test_floor_only_under_building(self):
        self.assertAllowedParentPageTypes(FloorPage, {BuildingPage})
        self.assertGridSubpageTypes(BuildingPage, {FloorPage})
        for parent in (Page, HomePage, CommunityPage, FloorPage):
            self.assertCanNotCreateAt(parent, FloorPage)

    def test_no_grid_level_under_floor(self):
        self.assertGridSubpageTypes(FloorPage, set())

    def test_instance_rules_match_the_class_rules(self):
        home = HomePageFactory(parent=Page.get_first_root_node(), slug="rules-home")
        community = CommunityPageFactory(parent=home)
        building = BuildingPageFactory(parent=community)
        floor = FloorPageFactory(parent=building)
        self.assertTrue(CommunityPage.can_create_at(home))
        self.assertFalse(CommunityPage.can_create_at(community))
        self.assertFalse(CommunityPage.can_create_at(building))
        self.assertTrue(BuildingPage.can_create_at(community))
        self.assertTrue(FloorPage.can_create_at(building))
        for model in (CommunityPage, BuildingPage, FloorPage):
            self.assertFalse(model.can_create_at(floor))


class GridAdminCreateTests(WagtailPageTestCase):
    """A superuser creates and publishes each level through the admin add view."""

    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root, slug="admin-home")
        site = Site.objects.get(is_default_site=True)
        site.root_page = cls.home
        site.save()
        cls.staff = StaffMemberFactory(name="王老师")
        cls.room_head = StaffMemberFactory(name="李同学")

    def setUp(self):
        self.user = self.login()

    def people(self, role, duties=""):
        return inline_formset(
            [{"staff": self.staff.pk, "role": role, "role_name": "", "duties": duties}]
        )

    def test_create_community(self):
        data = nested_form_data(
            {
                "title": "庠园社区",
                "slug": "xiangyuan",
                "short_name": "庠园",
                "introduction": rich_text("<p>一站式学生社区</p>"),
                "grid_assignments": self.people(GridRole.COMMUNITY_HEAD),
            }
        )
        self.assertCanCreate(self.home, CommunityPage, data)
        community = CommunityPage.objects.get(slug="xiangyuan")
        self.assertTrue(community.live)
        self.assertEqual(community.short_name, "庠园")
        self.assertEqual(
            list(community.grid_assignments.values_list("staff__name", "role")),
            [("王老师", GridRole.COMMUNITY_HEAD)],
        )

    def test_create_building(self):
        community = CommunityPageFactory(parent=self.home)
        data = nested_form_data(
            {
                "title": "3栋",
                "slug": "b3",
                "short_number": "3",
                "college": "经济学院",
                "address": "东区3号",
                "introduction": rich_text(""),
                "grid_assignments": self.people(GridRole.BUILDING_HEAD, duties="每周巡查"),
            }
        )
        self.assertCanCreate(community, BuildingPage, data)
        building = BuildingPage.objects.get(slug="b3")
        self.assertEqual((building.short_number, building.college), ("3", "经济学院"))
        self.assertEqual(building.get_parent().pk, community.pk)
        self.assertEqual(building.grid_assignments.get().duties, "每周巡查")

    def test_create_floor_with_rooms(self):
        building = BuildingPageFactory(parent=CommunityPageFactory(parent=self.home))
        data = nested_form_data(
            {
                "title": "5层",
                "slug": "f5",
                "number": "5",
                "introduction": rich_text(""),
                "grid_rooms": inline_formset(
                    [
                        {"number": "501", "beds": "4", "head": self.room_head.pk},
                        {"number": "502", "beds": "6", "head": ""},
                    ]
                ),
                "grid_assignments": self.people(GridRole.FLOOR_HEAD),
            }
        )
        self.assertCanCreate(building, FloorPage, data)
        floor = FloorPage.objects.get(slug="f5")
        self.assertEqual(
            list(Room.objects.filter(floor=floor).order_by("sort_order").values_list("number", "beds", "head")),
            [("501", 4, self.room_head.pk), ("502", 6, None)],
        )
        self.assertEqual(GridAssignment.objects.get(page=floor).role, GridRole.FLOOR_HEAD)

    def test_admin_add_view_refuses_a_floor_under_a_community(self):
        community = CommunityPageFactory(parent=self.home)
        url = reverse("wagtailadmin_pages:add", args=["grid_pages", "floorpage", community.pk])
        data = nested_form_data(
            {"title": "1层", "slug": "f1", "number": "1", "introduction": rich_text(""),
             "grid_rooms": inline_formset([]), "grid_assignments": inline_formset([]),
             "action-publish": "action-publish"}
        )
        response = self.client.post(url, data)
        # Wagtail answers a forbidden page type with its permission-denied redirect.
        self.assertEqual(response.status_code, 302)
        self.assertNotEqual(response.url, reverse("wagtailadmin_explore", args=[community.pk]))
        self.assertFalse(FloorPage.objects.exists())

    def test_each_level_is_routable_renderable_and_editable(self):
        community = CommunityPageFactory(parent=self.home)
        building = BuildingPageFactory(parent=community)
        floor = FloorPageFactory(parent=building)
        Room.objects.create(floor=floor, number="101", sort_order=1)
        for page in (community, building, floor):
            with self.subTest(page=page):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page)
                self.assertPageIsPreviewable(page)
