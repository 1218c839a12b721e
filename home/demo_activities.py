"""Demo culture activities for the seeded campus: ``seed(home, stdout)``.

Idempotent: pages are matched by slug under their parent, so a second run creates
nothing. Dates are set relative to the day of the first run (Shanghai time), so a
freshly seeded campus has both upcoming and past activities.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from grid_pages.activities.models import ActivityIndexPage, ActivityPage
from grid_pages.models import BuildingPage, CommunityPage
from home.demo_campus import ensure_index_page

INDEX_SLUG = "huodong"
INDEX_TITLE = "社区文化活动"
INDEX_TITLE_EN = "Community Activities"
INDEX_INTRODUCTION = "<p>读书会、志愿服务、体育比赛和节日活动：看看社区和楼栋最近有什么活动，欢迎报名参加。</p>"
INDEX_INTRODUCTION_EN = (
    "<p>Reading circles, volunteering, sports and festivals: see what is on in your community and building, "
    "and sign up.</p>"
)

# (slug, days from the first run, start hour, hours, title, place, organiser, tags, body, capacity)
COMMUNITY_ACTIVITIES = [
    ("dushuhui", 3, 19, 2, "{c}读书会：《乡土中国》", "{c}社区书院", "{c}社区团工委", ["读书", "学习"],
     "每月一本好书，由社会学院老师领读，欢迎带着问题来交流。", 30),
    ("zhiyuan", 6, 9, 3, "{c}社区义务维修日", "{c}社区服务大厅前广场", "{c}社区志愿者服务队", ["志愿服务"],
     "学生志愿者为同学免费修理台灯、自行车和小家电，现场还有防诈骗宣传。", None),
    ("yingxin", -20, 19, 2, "{c}迎新文艺晚会", "{c}社区活动中心", "{c}社区学生会", ["文艺", "迎新"],
     "新生才艺展示和社区长寄语，晚会结束后合影留念。", None),
]
BUILDING_ACTIVITIES = [
    ("jiaozi", 2, 17, 2, "{b}包饺子", "{b}一楼党员工作站", "{b}党支部", ["美食", "节日"],
     "楼长和辅导员和同学们一起包饺子，面粉和馅料由楼栋准备。", 40),
    ("lanqiu", 9, 16, 2, "{b}楼栋篮球赛", "东区篮球场", "{b}楼委会", ["体育"],
     "以楼层为单位组队，每队5人，报名截止前一天公布赛程。", 60),
    ("dianying", -7, 19, 2, "{b}电影夜：《流浪地球》", "{b}一楼自习室", "{b}楼委会", ["电影"],
     "放映前由同学做五分钟导赏。", 50),
]


def _at(today, days, hour):
    """``hour`` o'clock, Shanghai time, ``days`` after ``today``."""
    return timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour)))


def _ensure_index(home, stdout):
    return ensure_index_page(
        home, ActivityIndexPage, slug=INDEX_SLUG, title=INDEX_TITLE, introduction=INDEX_INTRODUCTION,
        title_en=INDEX_TITLE_EN, introduction_en=INDEX_INTRODUCTION_EN, stdout=stdout,
    )


def _ensure_activity(parent, plan, names, today):
    slug, days, hour, hours, title, place, organiser, tags, body, capacity = plan
    if ActivityPage.objects.child_of(parent).filter(slug=slug).exists():
        return False
    start = _at(today, days, hour)
    page = ActivityPage(
        title=title.format(**names),
        slug=slug,
        start=start,
        end=start + datetime.timedelta(hours=hours),
        place=place.format(**names),
        organiser=organiser.format(**names),
        capacity=capacity,
        body=[("paragraph", f"<p>{body}</p>")],
    )
    page.tags.add(*tags)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return True


@transaction.atomic
def seed(home, stdout):
    """Add the activity list and demo activities under ``home``; returns how many activities were created."""
    _ensure_index(home, stdout)
    today = timezone.localdate()
    created = 0
    communities = CommunityPage.objects.child_of(home).filter(locale=home.locale).order_by("path")
    for community in communities:
        names = {"c": community.short_name or community.title}
        created += sum(_ensure_activity(community, plan, names, today) for plan in COMMUNITY_ACTIVITIES)
        buildings = BuildingPage.objects.child_of(community).order_by("path")[:2]
        for building in buildings:
            names = {"b": building.title}
            created += sum(_ensure_activity(building, plan, names, today) for plan in BUILDING_ACTIVITIES)
    stdout.write(f"Created {created} activities.")
    return created
