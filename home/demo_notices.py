"""Demo notices (通知公告) on the seeded campus: one or two at each grid level, with an attachment.

``seed(home, stdout)`` matches notices by slug under their parent and documents by
title, so running it again creates nothing. Notices are Chinese only: the English
tree gets them when an editor translates them with wagtail-localize.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model

from grid_pages.models import BuildingPage, CommunityPage, FloorPage
from grid_pages.notices.models import NoticeAttachment, NoticePage

APPLICATION_FORM = (
    "寒假留校住宿申请表",
    "application.csv",
    "学号,姓名,学院,楼栋,寝室,留校起止日期,留校原因,联系电话,辅导员签字\n".encode("utf-8-sig"),
)


def campus_notices():
    """(slug, title, body, pinned, urgent, days until expiry or None, attachments)."""
    return [
        (
            "dorm-safety-inspection",
            "关于开展本学期宿舍安全检查的通知",
            "<p>为消除宿舍安全隐患，学生工作部将于下周一至周五对全校学生宿舍开展安全检查。"
            "重点检查违规电器、私拉电线、楼道堆放杂物等问题。请各寝室提前自查，检查时请寝室长在场。</p>",
            True,
            False,
            None,
            [],
        ),
        (
            "winter-stay",
            "寒假留校住宿申请通知",
            "<p>寒假期间确需留校的同学，请于本月20日前填写附件中的申请表，经辅导员签字后交至所在社区值班室。"
            "留校期间将集中安排住宿，请留意后续通知。</p>",
            False,
            False,
            60,
            [APPLICATION_FORM],
        ),
    ]


def community_notice(community):
    return (
        "hygiene-results",
        f"{community.title}月度寝室卫生评比结果公示",
        "<p>本月寝室卫生评比已完成，优秀寝室名单已张贴于社区公告栏。"
        "评比结果公示期为三天，如有异议请联系社区长。</p>",
        False,
        False,
        None,
        [],
    )


def building_notice(building):
    return (
        "hot-water-repair",
        f"{building.title}热水系统检修通知",
        "<p>因热水管道检修，本周四上午9:00至下午5:00全楼暂停热水供应，请同学们提前做好安排。"
        "如遇其他报修问题，请联系楼长。</p>",
        False,
        True,
        7,
        [],
    )


def floor_notice(building, floor):
    return (
        "washing-machines",
        f"{building.title}{floor.title}公共洗衣机更换通知",
        "<p>本层公共洗衣机将于本周六更换为新机型，更换期间暂停使用，请到相邻楼层洗衣房洗衣。</p>",
        False,
        False,
        None,
        [],
    )


def ensure_document(title, filename, content):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, file=ContentFile(content, name=filename))
        document._set_document_file_metadata()
        document.save()
    return document


def ensure_notice(parent, spec):
    """The notice ``spec`` under ``parent``, created and published if missing; returns (page, created)."""
    slug, title, body, pinned, urgent, expires_in, attachments = spec
    existing = NoticePage.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    notice = NoticePage(
        title=title,
        slug=slug,
        body=body,
        pinned=pinned,
        urgent=urgent,
        expire_at=timezone.now() + timedelta(days=expires_in) if expires_in else None,
    )
    for order, (doc_title, filename, content) in enumerate(attachments):
        # Through the page's cluster, so the published revision holds the attachments too.
        notice.notice_attachments.add(
            NoticeAttachment(document=ensure_document(doc_title, filename, content), sort_order=order)
        )
    parent.add_child(instance=notice)
    notice.save_revision(log_action=True).publish()
    return notice, True


@transaction.atomic
def seed(home, stdout):
    """Add the demo notices under ``home`` and its first community, building and floor."""
    targets = [(home, spec) for spec in campus_notices()]
    community = CommunityPage.objects.child_of(home).order_by("path").first()
    building = BuildingPage.objects.child_of(community).order_by("path").first() if community else None
    floor = FloorPage.objects.child_of(building).order_by("path").first() if building else None
    if community:
        targets.append((community, community_notice(community)))
    if building:
        targets.append((building, building_notice(building)))
    if floor:
        targets.append((floor, floor_notice(building, floor)))
    created = sum(ensure_notice(parent, spec)[1] for parent, spec in targets)
    stdout.write(f"Notices: created {created}, {len(targets) - created} already there.")
    return created
