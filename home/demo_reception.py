"""Demo reception days for the seeded campus: a campus page, a community page, sessions, a few bookings.

``seed`` matches pages by slug and sessions by page, leader and place, so running it
again adds nothing; session dates are set from the first run's day (later runs
leave them, and they move to the archive as they pass).
"""

import datetime

from wagtail.models import Page

from grid_pages.models import CommunityPage
from grid_pages.reception import services
from grid_pages.reception.models import Booking, ReceptionPage, ReceptionSession, reception_now

CAMPUS_PAGE = {
    "slug": "reception",
    "title": "院级领导接待日",
    "introduction": "<p>每周院级领导走进学生社区，面对面听取同学们在学业、生活、就业等方面的意见建议。"
    "请提前预约，凭预约码按时到场。</p>",
}
COMMUNITY_PAGE = {
    "slug": "reception",
    "title": "社区领导接待日",
    "introduction": "<p>社区党建工作站每月安排领导接待，欢迎同学们预约反映寝室、食堂、安全等身边事。</p>",
}

# (days from the first run, start, end, name, position, place, topics, places, slot minutes)
CAMPUS_SESSIONS = [
    (3, (14, 30), (16, 30), "陈建国", "经济学院党委书记", "庠园社区党团活动室（庠园3栋一楼）",
     "学业规划、转专业政策、奖助学金评定", 8, None),
    (5, (9, 0), (11, 0), "刘慧敏", "经济学院副院长", "学生事务中心201接待室",
     "课程安排、考研保研、实习实践", None, 15),
    (12, (15, 0), (17, 0), "周志强", "管理学院党委副书记", "沁园社区一站式服务大厅",
     "心理健康、宿舍生活、社团活动", 10, None),
    (-6, (14, 0), (16, 0), "陈建国", "经济学院党委书记", "庠园社区党团活动室（庠园3栋一楼）",
     "期中学业预警、学风建设", 8, None),
]
COMMUNITY_SESSIONS = [
    (8, (19, 0), (20, 30), "杨丽", "社区党建工作站站长", "社区党建工作站",
     "寝室维修、食堂意见、夜间安全", None, 30),
]
DEMO_BOOKINGS = [
    # (session index in CAMPUS_SESSIONS, name, student number, room, topic)
    (0, "王思远", "2023010101", "庠园3栋502", "想了解转专业的条件和时间安排"),
    (0, "李雨桐", "2023010218", "庠园5栋201", "国家励志奖学金评定细则"),
    (1, "张浩然", "2022030512", "沁园3栋105", "考研复习与专业课冲突怎么办"),
]


def ensure_page(parent, spec):
    page = Page.objects.child_of(parent).filter(slug=spec["slug"]).first()
    if page is not None:
        return page.specific, False
    page = ReceptionPage(
        title=spec["title"], slug=spec["slug"], introduction=spec["introduction"], locale=parent.locale
    )
    parent.add_child(instance=page)
    page.save_revision(log_action=True).publish()
    return page, True


def ensure_sessions(page, specs, today):
    sessions, created = [], 0
    for days, start, end, name, position, place, topics, places, minutes in specs:
        session = ReceptionSession.objects.filter(page=page, leader_name=name, place=place, topics=topics).first()
        if session is None:
            session = ReceptionSession.objects.create(
                page=page,
                leader_name=name,
                leader_position=position,
                date=today + datetime.timedelta(days=days),
                start_time=datetime.time(*start),
                end_time=datetime.time(*end),
                place=place,
                topics=topics,
                capacity=places,
                slot_minutes=minutes,
            )
            created += 1
        sessions.append(session)
    return sessions, created


def seed(home, stdout):
    """Add the demo reception days under ``home`` (the campus root) where missing."""
    today = reception_now().date()
    campus_page, campus_created = ensure_page(home, CAMPUS_PAGE)
    campus_sessions, created = ensure_sessions(campus_page, CAMPUS_SESSIONS, today)
    pages_created = int(campus_created)
    community = CommunityPage.objects.child_of(home).order_by("path").first()
    if community is not None:
        community_page, community_created = ensure_page(community, COMMUNITY_PAGE)
        pages_created += int(community_created)
        created += ensure_sessions(community_page, COMMUNITY_SESSIONS, today)[1]
    bookings = 0
    for index, name, number, room, topic in DEMO_BOOKINGS:
        session = campus_sessions[index]
        if session.is_over() or Booking.objects.filter(session=session, student_number=number).exists():
            continue
        slot = None
        if session.uses_slots:
            free = services.free_slots(session)
            if not free:
                continue
            slot = free[0]
        services.book(session, slot, name=name, student_number=number, room=room, topic=topic)
        bookings += 1
    stdout.write(
        f"Reception days: {pages_created} pages, {created} sessions, {bookings} bookings created."
    )
    return {"pages": pages_created, "sessions": created, "bookings": bookings}
