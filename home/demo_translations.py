"""English translations of a few demo content pages, made through wagtail-localize
as a translator would: the campus-wide notices (the others stay Chinese only)."""

from wagtail.models import Locale

from grid_pages.notices.models import NoticePage
from home.demo_campus import ensure_translation

GLOSSARY = {
    "关于开展本学期宿舍安全检查的通知": "Dormitory safety inspection this term",
    "为消除宿舍安全隐患，学生工作部将于下周一至周五对全校学生宿舍开展安全检查。"
    "重点检查违规电器、私拉电线、楼道堆放杂物等问题。请各寝室提前自查，检查时请寝室长在场。": (
        "To remove fire and safety hazards, the Student Affairs Office will inspect every student "
        "dormitory from Monday to Friday next week, checking for prohibited appliances, improvised "
        "wiring and clutter in the corridors. Please check your own room beforehand; the room head "
        "should be present during the inspection."
    ),
    "寒假留校住宿申请通知": "Applying to stay on campus over the winter break",
    "寒假期间确需留校的同学，请于本月20日前填写附件中的申请表，经辅导员签字后交至所在社区值班室。"
    "留校期间将集中安排住宿，请留意后续通知。": (
        "Students who need to stay on campus over the winter break should fill in the attached form "
        "by the 20th of this month, have it signed by their counsellor and hand it in at their "
        "community's duty office. Accommodation will be arranged centrally; watch for further notices."
    ),
}
CAMPUS_NOTICE_SLUGS = ("dorm-safety-inspection", "winter-stay")


class _Plan:
    glossary = GLOSSARY


def seed(home, stdout):
    english = Locale.objects.filter(language_code="en").first()
    if english is None or home.get_translation_or_none(english) is None:
        return
    created = 0
    for notice in NoticePage.objects.child_of(home).filter(slug__in=CAMPUS_NOTICE_SLUGS):
        if ensure_translation(notice, _Plan, english) is not None:
            created += 1
    stdout.write(f"English translations of demo notices: {created} created.")
