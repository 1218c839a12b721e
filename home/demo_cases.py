"""Demo cases for the seeded campus: the suggestion box and repair pages, reply templates, the
matter list in English, and about forty cases in every status, made through the case services.

``seed(home, stdout)`` is idempotent (pages by slug, templates by title, matters by
translation; cases only when there are none) and deterministic (one seeded ``random.Random``
over the campus's rooms in tree order). Cases are spread over the last weeks: each service
call runs at a planned moment (its history entries are stamped with it) and the case's own
dates are set to the plan afterwards. ``seed_demo`` mutes case mail while it runs
(``grid_pages.cases.emails.muted``): the handlers and students here are made up.
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.db.models.signals import pre_save
from django.utils import timezone
from wagtail.models import Locale, Page

from grid_pages.cases import conf as cases_conf
from grid_pages.cases import services
from grid_pages.cases.models import (
    Case,
    CaseCategory,
    CaseEvent,
    CaseKind,
    HandlingLevel,
    RepairRequestPage,
    ReplyTemplate,
    SuggestionBoxPage,
    deadline_after,
)
from grid_pages.models import CommunityPage, GridAssignment, Room
from grid_pages.workcalendar import WorkCalendar, workday_length
from home.demo_campus import ensure_index_page, ensure_translation

RANDOM_SEED = 20240915
OFFICE_USERNAME = "xuegongbu-demo"

INTAKE_PAGES = [
    (
        SuggestionBoxPage,
        {
            "slug": "suggestions",
            "title": "意见箱",
            "intro": "<p>对社区的学习、生活、安全和后勤服务有什么意见建议？写下来，网格员会在规定时间内答复。"
            "可以匿名提交；匿名时我们看不到你是谁。</p>",
            "thank_you_text": "<p>谢谢你的建议！请记下查询码，随时查看办理进度和答复。</p>",
            "privacy_note": "联系方式只给负责办理的网格员看，用于回访；不会公开。",
        },
    ),
    (
        RepairRequestPage,
        {
            "slug": "repair",
            "title": "报修",
            "intro": "<p>寝室里水、电、门窗、家具、网络、空调坏了？选好寝室和事项，"
            "系统会按网格服务管理事项清单转给负责的层长、楼长或职能部门。</p>",
            "thank_you_text": "<p>报修已提交！请记下查询码，维修进度和结果都会显示在进度查询页上。</p>",
            "privacy_note": "电话只给负责办理的网格员和维修人员看，用于上门前联系。",
        },
    ),
]
GLOSSARY = {
    "意见箱": "Suggestion box",
    "报修": "Repair requests",
    "对社区的学习、生活、安全和后勤服务有什么意见建议？写下来，网格员会在规定时间内答复。"
    "可以匿名提交；匿名时我们看不到你是谁。": (
        "Any suggestion about studying, daily life, safety or services in the community? Write it down and "
        "the grid members will answer within the set time. You may send it anonymously; then nobody sees who you are."
    ),
    "谢谢你的建议！请记下查询码，随时查看办理进度和答复。": (
        "Thank you for your suggestion! Note the tracking code to follow its progress and the replies."
    ),
    "联系方式只给负责办理的网格员看，用于回访；不会公开。": (
        "Only the grid members handling it see your contact details, to follow up; they are never published."
    ),
    "寝室里水、电、门窗、家具、网络、空调坏了？选好寝室和事项，"
    "系统会按网格服务管理事项清单转给负责的层长、楼长或职能部门。": (
        "Something broken in your room: water, power, doors and windows, furniture, network, air conditioning? "
        "Choose the room and the matter; the request goes to the floor head, building head or department in charge."
    ),
    "报修已提交！请记下查询码，维修进度和结果都会显示在进度查询页上。": (
        "Your repair request is in! Note the tracking code: the progress and the result appear on its tracking page."
    ),
    "电话只给负责办理的网格员和维修人员看，用于上门前联系。": (
        "Only the grid members and repair staff handling it see your phone number, to call before they come."
    ),
}

MATTERS_EN = {
    (CaseKind.REPAIR, "水"): "Water",
    (CaseKind.REPAIR, "电"): "Electricity",
    (CaseKind.REPAIR, "门窗"): "Doors and windows",
    (CaseKind.REPAIR, "家具"): "Furniture",
    (CaseKind.REPAIR, "网络"): "Network",
    (CaseKind.REPAIR, "空调"): "Air conditioning",
    (CaseKind.REPAIR, "其他"): "Other",
    (CaseKind.SUGGESTION, "学习"): "Studying",
    (CaseKind.SUGGESTION, "生活"): "Daily life",
    (CaseKind.SUGGESTION, "安全"): "Safety",
    (CaseKind.SUGGESTION, "后勤"): "Campus services",
    (CaseKind.SUGGESTION, "其他"): "Other",
}

# (kind, matter name or None for every matter of the kind, title, text)
REPLY_TEMPLATES = [
    (CaseKind.REPAIR, None, "已派单", "你好，你的报修已派给维修师傅，师傅上门前会电话联系，请保持电话畅通。"),
    (CaseKind.REPAIR, None, "需寝室留人", "你好，维修师傅将于明天上午上门，请寝室留人或提前告知层长。"),
    (CaseKind.REPAIR, "网络", "网络报修已转网络信息中心", "你好，已转网络信息中心，工程师会在两个工作日内处理。"),
    (CaseKind.SUGGESTION, None, "已收到建议", "感谢你的建议，我们已收到，会在规定时间内研究并答复。"),
    (CaseKind.SUGGESTION, None, "已转职能部门", "你的建议已转相关职能部门办理，办理结果会在这里公布。"),
]

# Per matter: (what the student wrote, a public reply, the result).
TEXTS = {
    (CaseKind.REPAIR, "水"): [
        ("卫生间水龙头一直滴水，关紧了也不行，晚上声音很大。", "已通知后勤维修班，明天上午上门更换阀芯。", "已更换水龙头阀芯，不再漏水。"),
        ("阳台地漏堵塞，洗衣服时水漫到寝室里。", "维修师傅今天下午来疏通，请寝室留人。", "地漏已疏通，并加装了防臭盖。"),
        ("热水器出水不热，洗澡只有温水。", "已联系热水供应单位检查。", "更换了热水器温控器，水温恢复正常。"),
    ],
    (CaseKind.REPAIR, "电"): [
        ("寝室顶灯闪烁，开关后要过很久才亮。", "电工明天上门检查灯管和镇流器。", "已更换灯管和镇流器。"),
        ("书桌下面的插座没电，其他插座正常。", "已报电工，今天内处理。", "插座接线松动，已重新接好。"),
        ("阳台灯不亮，换了灯泡也不行。", "电工会在本周内上门。", "灯座损坏，已更换。"),
    ],
    (CaseKind.REPAIR, "门窗"): [
        ("寝室门锁很难拧，钥匙经常卡住。", "层长已登记，明天联系锁匠。", "已更换门锁，每人新配两把钥匙。"),
        ("窗户把手掉了，窗户关不严，晚上很冷。", "已登记，把手配件到货后安装。", "已更换窗户把手，窗户可以关严。"),
        ("阳台推拉门滑轨变形，推不动。", "维修师傅周四上门查看。", "滑轮已更换，推拉顺畅。"),
    ],
    (CaseKind.REPAIR, "家具"): [
        ("上铺护栏松动，晃得厉害，担心安全。", "这是安全问题，今天下午就派人加固。", "护栏已重新固定并加装螺栓。"),
        ("衣柜门合页坏了，门关不上。", "已登记，配件到后更换。", "已更换衣柜合页。"),
        ("书桌抽屉滑轨断了，抽屉拉不出来。", "层长已转后勤维修。", "已更换抽屉滑轨。"),
    ],
    (CaseKind.REPAIR, "网络"): [
        ("寝室网口插上网线没反应，换了电脑也不行。", "网络信息中心已派单，工程师会在两个工作日内上门。", "交换机端口故障，已改接新端口。"),
        ("晚上十点以后校园网特别卡，经常掉线。", "已记录，正在排查本楼交换机负载。", "已为本楼扩容上联带宽，晚间速度恢复正常。"),
    ],
    (CaseKind.REPAIR, "空调"): [
        ("空调制冷效果差，开了一晚上温度还是很高。", "后勤保障处已安排空调维保单位检测。", "已补充冷媒并清洗滤网。"),
        ("空调遥控器失灵，换了电池也不行。", "已登记，新遥控器会送到宿管值班室。", "新遥控器已放在一楼值班室，请凭学生证领取。"),
        ("空调外机噪音很大，影响休息。", "维保单位明天上午检查外机。", "外机支架螺丝松动，已紧固。"),
    ],
    (CaseKind.REPAIR, "其他"): [
        ("楼道声控灯坏了好几天，晚上回来很黑。", "已通知楼栋电工处理。", "楼道灯已全部检修。"),
        ("寝室天花板有一块墙皮脱落。", "层长已拍照登记，安排修补。", "已铲除脱落部分并重新粉刷。"),
    ],
    (CaseKind.SUGGESTION, "学习"): [
        ("希望考试周期间社区自习室能延长开放到凌晨一点。", "社区正在与保卫处协商延长开放时间。", "考试周期间自习室开放至凌晨一点，已在社区公告栏公布。"),
        ("自习室座位太少，建议把一楼活动室改为考研自习区。", "已收到，社区会统计需求后研究。", "一楼活动室已在工作日开放为考研自习区。"),
    ],
    (CaseKind.SUGGESTION, "生活"): [
        ("楼层洗衣机经常坏，希望增加一台。", "已反映给洗衣机运营方。", "本层已新增一台洗衣机。"),
        ("建议在楼层放置可回收垃圾分类桶。", "层长会在下次楼层会议上讨论。", "各楼层已放置分类回收桶。"),
        ("楼道里有人晚上大声打电话，影响休息。", "层长会提醒各寝室注意作息。", "已在楼层群发布作息提醒，并张贴提示。"),
    ],
    (CaseKind.SUGGESTION, "安全"): [
        ("楼道堆放了很多快递纸箱，担心有消防隐患。", "楼长已安排宿管清理。", "纸箱已清理，并在一楼设置临时存放点。"),
        ("消防通道的门被锁上了。", "这是安全隐患，已立即联系宿管处理。", "消防通道门已打开，宿管每日巡查。"),
    ],
    (CaseKind.SUGGESTION, "后勤"): [
        ("食堂晚餐窗口开得太少，排队要二十分钟。", "已转饮食服务中心。", "饮食服务中心已在晚餐高峰增开两个窗口。"),
        ("希望宿舍区增加自助打印机。", "已转后勤保障处评估。", "宿舍区服务大厅已安装两台自助打印机。"),
    ],
    (CaseKind.SUGGESTION, "其他"): [
        ("希望社区多组织一些周末文体活动。", "社区团委正在策划下月活动。", "下月起每周六晚在社区活动室举办文体活动。"),
    ],
}
REJECTIONS = [
    "该问题属于个人物品损坏，请自行更换；需要工具可到宿管值班室借用。",
    "描述不清，无法确定位置，请重新提交并写明寝室号。",
    "该事项不在社区受理范围，请通过教务处反映。",
]
ESCALATION_REASON = "已超过反馈期限，转上一级办理。"
CLOSING_NOTES = ["回访满意。", "已电话回访，同学表示问题已解决。", ""]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"

# What happens to each demo case (40 in all).
SCENARIOS = (
    ["new"] * 6
    + ["new_overdue"] * 2
    + ["accepted"] * 4
    + ["accepted_overdue"]
    + ["assigned"]
    + ["in_progress"] * 4
    + ["in_progress_overdue"]
    + ["escalated"] * 3
    + ["escalated_twice"]
    + ["resolved"] * 5
    + ["unsatisfied"] * 2  # resolved, then rated 不满意 (reopened one level up)
    + ["closed"] * 3
    + ["satisfied"] * 2 + ["basically"]  # resolved, then closed by the student's rating
    + ["rejected"] * 3
    + ["duplicate"]
)
# Scenarios that reach a result.
RATINGS = {"satisfied": "satisfied", "basically": "basically", "unsatisfied": "unsatisfied"}
FINISHING = ("resolved", "closed", *RATINGS)
UNSATISFIED_TEXT = "还是老样子，问题没有解决，麻烦再来看一下。"
# Matters a case can be referred up from (a department is the top).
GRID_LEVELS = (HandlingLevel.FLOOR, HandlingLevel.BUILDING, HandlingLevel.COMMUNITY)


@contextmanager
def stamped(moment):
    """History entries written inside the block carry ``moment`` as their time."""

    def stamp(sender, instance, **kwargs):
        if instance._state.adding:
            instance.created_at = moment

    uid = "home.demo_cases.stamped"
    pre_save.connect(stamp, sender=CaseEvent, weak=False, dispatch_uid=uid)
    try:
        yield
    finally:
        pre_save.disconnect(sender=CaseEvent, dispatch_uid=uid)


def ensure_intake_pages(home, stdout):
    english = Locale.objects.filter(language_code="en").first()
    pages, created = [], 0
    for model, spec in INTAKE_PAGES:
        page = Page.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = model(locale=home.locale, **spec)
            home.add_child(instance=page)
            page.save_revision(log_action=True).publish()
            created += 1
        else:
            page = page.specific
        if english is not None and home.get_translation_or_none(english) is not None:
            ensure_translation(page, _Plan, english)
        pages.append(page)
    return pages, created


class _Plan:
    glossary = GLOSSARY


def ensure_matter_translations():
    english = Locale.objects.filter(language_code="en").first()
    if english is None:
        return 0
    created = 0
    for category in CaseCategory.objects.filter(locale=Locale.get_default()):
        name = MATTERS_EN.get((category.kind, category.name))
        if name is None or category.has_translation(english):
            continue
        translation = category.copy_for_translation(english)
        translation.name = name
        translation.save()
        created += 1
    return created


def ensure_reply_templates(matters):
    created = 0
    for kind, matter, title, text in REPLY_TEMPLATES:
        category = matters.get((kind, matter)) if matter else None
        _, made = ReplyTemplate.objects.get_or_create(title=title, defaults={"kind": kind, "category": category, "text": text})
        created += made
    return created


def ensure_office_user():
    """A 学生工作部 account the demo cases are handled by; it cannot log in (no usable password)."""
    User = get_user_model()
    user = User.objects.filter(username=OFFICE_USERNAME).first()
    if user is None:
        user = User(username=OFFICE_USERNAME, first_name="学工部值班员", email="xuegongbu@example.com")
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get_or_create(name=cases_conf.get("OFFICE_GROUP"))[0])
    return user


@dataclass
class Plan:
    scenario: str
    kind: str
    matter: str
    room: object
    building: object
    texts: tuple
    anonymous: bool
    email: str
    language: str
    phone: str
    name: str
    age: float  # days since it was submitted


def plan_cases(rng, matters, rooms, now):
    """The demo's cases; ages are drawn in working days (so "overdue" means overdue across
    weekends and holidays) and kept as calendar days before ``now`` (a parameter, so that one
    seed always plans the same cases)."""
    calendar = WorkCalendar()

    def calendar_days(working_days):
        return (now - calendar.subtract(now, workday_length() * working_days)).total_seconds() / 86400

    plans = []
    for i, scenario in enumerate(SCENARIOS):
        kind = CaseKind.SUGGESTION if i % 3 == 2 else CaseKind.REPAIR
        names = [name for (k, name) in TEXTS if k == kind]
        if scenario.startswith("escalated"):  # only what the grid handles can be referred up
            names = [n for n in names if matters[(kind, n)].handling_level in GRID_LEVELS]
        matter = rng.choice(names)
        category = matters[(kind, matter)]
        room = rng.choice(rooms)
        building = None
        if kind == CaseKind.SUGGESTION and rng.random() < 0.5:
            building, room = room.floor.get_parent().specific, None
        anonymous = kind == CaseKind.SUGGESTION and i % 4 == 0
        contact = not anonymous and rng.random() < 0.7
        days = category.resolution_time  # in working days, like the ages below
        age = {
            "new": rng.uniform(0.05, days * 0.6),
            "new_overdue": days + rng.uniform(0.3, 2),
            "accepted": rng.uniform(0.3, days * 0.8),
            "accepted_overdue": days + rng.uniform(0.5, 3),
            "assigned": rng.uniform(0.3, days * 0.8),
            "in_progress": rng.uniform(0.5, days * 0.9),
            "in_progress_overdue": days + rng.uniform(0.5, 2),
            "escalated": days + rng.uniform(0.2, days * 0.7),
            "escalated_twice": 2 * days + rng.uniform(0.2, days * 0.7),
            "duplicate": rng.uniform(0.1, 0.5),
        }.get(scenario, rng.uniform(days + 2, 35))
        age = calendar_days(age)
        plans.append(
            Plan(
                scenario=scenario,
                kind=kind,
                matter=matter,
                room=room,
                building=building,
                texts=rng.choice(TEXTS[(kind, matter)]),
                anonymous=anonymous,
                email=f"student{i + 1:02d}@example.com" if contact and rng.random() < 0.6 else "",
                language="en" if contact and i % 7 == 3 else "zh-hans",
                phone=f"13{rng.randrange(10)}-{rng.randrange(10**4):04d}-{rng.randrange(10**4):04d}" if contact else "",
                name=rng.choice(SURNAMES) + "同学" if contact else "",
                age=age,
            )
        )
    return plans


def make_case(plan, matters, user, now, pages, original=None):
    """One demo case through the services; returns it after setting its dates to the plan."""
    category = matters[(plan.kind, plan.matter)]
    days = timedelta(days=category.resolution_time)

    def due(start):
        return deadline_after(start, category.resolution_time, category.resolution_unit)
    t0 = now - timedelta(days=plan.age)
    description, reply_text, result = plan.texts
    if original is not None:
        description = "同样的问题：" + description
    with stamped(t0):
        case, _ = services.submit_case(
            kind=plan.kind,
            category=category,
            description=description,
            room=plan.room,
            building=plan.building,
            anonymous=plan.anonymous,
            contact_name=plan.name,
            phone=plan.phone,
            email=plan.email,
            language=plan.language,
            source_page=pages[plan.kind],
        )
    # Deadlines as the services would have set them then; no reminders for made-up people.
    dates = {
        "submitted_at": t0,
        "due_at": due(t0),
        "response_due_at": deadline_after(t0, category.response_time, category.response_unit),
        "response_remind_at": None,
        "resolution_remind_at": None,
    }
    step = min(plan.age / 6, 0.4)
    moment = t0

    def at(when):
        # Never after ``now``: ages are counted in working days, steps in calendar time, so a
        # step could otherwise pass the present on a weekday morning.
        nonlocal moment
        moment = max(moment, min(when, now - timedelta(minutes=5)))
        return moment

    def later(fraction=1.0):
        return at(moment + timedelta(days=step * fraction))

    scenario = plan.scenario
    if scenario.startswith("escalated"):
        moment = t0
        for n in range(2 if scenario == "escalated_twice" else 1):
            moment = due(moment) + timedelta(minutes=10)  # the job referred it when the deadline passed
            with stamped(moment):
                case = services.escalate(case, None, ESCALATION_REASON)
            dates["due_at"] = due(moment)
        with stamped(later(0.5)):
            case = services.accept(case, user)
        dates["accepted_at"] = moment
    elif scenario in ("accepted", "accepted_overdue"):
        with stamped(later()):
            case = services.accept(case, user)
        dates["accepted_at"] = moment
    elif scenario == "assigned":
        person = GridAssignment.objects.filter(page_id=case.handling_node_id).select_related("staff").first()
        if person is not None:
            with stamped(later()):
                case = services.assign(case, user, person.staff)
            dates["accepted_at"] = moment
    elif scenario.startswith("in_progress") or scenario in FINISHING:
        with stamped(later()):
            case = services.accept(case, user)
        dates["accepted_at"] = moment
        with stamped(later()):
            case = services.reply(case, user, reply_text)
        with stamped(later(0.5)):
            case = services.start(case, user)
        with stamped(later(0.2)):
            services.add_note(case, user, "已电话联系同学，确认上门时间。")
        if scenario in FINISHING:
            at(max(later(), t0 + days * 0.8))
            with stamped(moment):
                case = services.resolve(case, user, result)
            dates["resolved_at"] = moment
        if scenario in RATINGS:
            at(moment + timedelta(hours=20))
            solved = scenario != "unsatisfied"
            with stamped(moment):
                case = services.rate(
                    case, rating=RATINGS[scenario], comment="" if solved else UNSATISFIED_TEXT, now=moment
                )
            if solved:
                dates["closed_at"] = moment
            else:
                dates.pop("resolved_at")
                dates["due_at"] = due(moment)
        if scenario == "closed":
            at(moment + timedelta(days=1))
            with stamped(moment):
                case = services.close(case, user, CLOSING_NOTES[len(description) % len(CLOSING_NOTES)])
            dates["closed_at"] = moment
    elif scenario == "rejected":
        with stamped(later()):
            case = services.reject(case, user, REJECTIONS[len(description) % len(REJECTIONS)])
        dates["closed_at"] = moment
    elif scenario == "duplicate" and original is not None:
        with stamped(later()):
            case = services.mark_duplicate(case, user, original)
        dates["closed_at"] = moment
    if case.accepted_at is None:
        dates.pop("accepted_at", None)
    if case.first_response_at is not None:
        responded = [dates.get(k) for k in ("accepted_at", "resolved_at", "closed_at")]
        dates["first_response_at"] = min([d for d in responded if d] or [moment])
    Case.objects.filter(pk=case.pk).update(**dates)
    return case


def demo_rooms(home, locale):
    """The rooms of the first two communities, in tree order. The third keeps no cases, so a
    demo shows an empty queue too, and its buildings can still be removed (cases protect rooms)."""
    communities = CommunityPage.objects.child_of(home).filter(locale=locale).order_by("path")[:2]
    where = Q()
    for community in communities:
        where |= Q(floor__path__startswith=community.path)
    if not where:
        return Room.objects.none()
    return (
        Room.objects.filter(where, floor__locale=locale)
        .select_related("floor")
        .order_by("floor__path", "sort_order", "number")
    )


ANSWERS_INDEX = {
    "slug": "answers",
    "title": "公开答复",
    "introduction": "<p>同学们反映的问题和学校的正式答复。个人信息已隐去。</p>",
    "title_en": "Public answers",
    "introduction_en": "<p>Questions students raised and the official answers. Personal details are removed.</p>",
}


def publish_demo_answers(home, user, stdout, count=2):
    """The answers list, and a few rated cases published on it with their drafted text."""
    from grid_pages.cases import answers
    from grid_pages.cases.models import PublicAnswerIndexPage

    ensure_index_page(home, PublicAnswerIndexPage, stdout=stdout, **ANSWERS_INDEX)
    published = 0
    for case in Case.objects.filter(rating__in=["satisfied", "basically"]).order_by("pk")[:count]:
        answers.publish_answer(case, user, **answers.draft(case))
        published += 1
    return published


def seed(home, stdout):
    """Add the intake pages, reply templates, English matter names and (once) the demo cases."""
    pages, pages_created = ensure_intake_pages(home, stdout)
    pages_by_kind = {page.case_kind: page for page in pages}
    default = Locale.get_default()
    matters = {(c.kind, c.name): c for c in CaseCategory.objects.filter(locale=default)}
    matters_translated = ensure_matter_translations()
    templates = ensure_reply_templates(matters)
    cases = 0
    rooms = list(demo_rooms(home, default))
    needed = {(kind, name) for kind, name in TEXTS}
    if not Case.objects.exists() and rooms and needed <= set(matters):
        rng = random.Random(RANDOM_SEED)
        user = ensure_office_user()
        now = timezone.now()
        plans = plan_cases(rng, matters, rooms, now)
        made = []
        for plan in plans:
            original = None
            if plan.scenario == "duplicate":
                # The same matter reported again from the same place as an open case.
                source = next(
                    (c, p) for c, p in made if c.is_open and p.kind == CaseKind.REPAIR and p.age > plan.age
                )
                original = source[0]
                plan.kind, plan.matter, plan.texts = source[1].kind, source[1].matter, source[1].texts
                plan.room, plan.building = source[1].room, source[1].building
            made.append((make_case(plan, matters, user, now, pages_by_kind, original), plan))
        cases = len(made)
        publish_demo_answers(home, user, stdout)
    stdout.write(
        f"Cases: {pages_created} intake pages, {templates} reply templates, "
        f"{matters_translated} matters translated, {cases} demo cases created."
    )
    return {"pages": pages_created, "templates": templates, "matters": matters_translated, "cases": cases}
