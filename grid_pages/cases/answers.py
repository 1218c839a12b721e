"""Public answers (公开答复): publish a case's question and official answer, remove it, list them.

Nothing is public without a staff decision: ``publish_answer`` is the only way in, called from
the case page in the queue by someone who may handle the case, with the text they edited
(``redact`` prefills it with phones, e-mail addresses, room numbers and the student's name
hidden). ``unpublish_answer`` takes it off the site (404, gone from search) with its
translations. Both leave an internal entry in the case history with the published text; the
student's original stays in the case.
"""

import re

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Locale

from grid_pages.conf import get_page_model

from . import scope
from .answer_models import PublicAnswerIndexPage, PublicAnswerPage
from .models import Case, CaseCategory, CaseEvent, CaseStatus
from .services import MAX_DESCRIPTION, MAX_REPLY, CaseError, log

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()

PER_PAGE = 20
MASK = "***"
PUBLISHABLE = (CaseStatus.RESOLVED, CaseStatus.CLOSED)

_PHONE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])|(?<![0-9])0[0-9]{2,3}-?[0-9]{7,8}(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# 3栋502, 3号楼502室, 3-502, A座302, 502室, 502寝室, 502宿舍; a room number after its building too.
_ROOM = re.compile(
    r"(?:[0-9A-Za-z]{1,3}\s*(?:栋|号楼|幢|座|-)\s*)?[A-Za-z]?[0-9]{3,4}(?:\s*(?:室|寝室|宿舍|房间|号房|号))?"
    r"|(?<=[栋楼幢座])\s*[0-9]{3,4}"
)


def redact(text, names=()):
    """``text`` with phone numbers, e-mail addresses, room numbers and the given names masked.

    A starting point for staff, who read and edit the result before publishing: it cannot
    know every name a student writes.
    """
    text = _EMAIL.sub(MASK, text or "")
    text = _PHONE.sub(MASK, text)
    text = _ROOM.sub(lambda m: MASK if re.search(r"[0-9]{3}", m.group()) else m.group(), text)
    for name in names:
        name = (name or "").strip()
        if len(name) >= 2:
            text = text.replace(name, MASK)
    return text


def answer_text(case):
    """The official answer to start from: the result, else the latest public reply."""
    if case.resolution:
        return case.resolution
    event = case.events.filter(action=CaseEvent.Action.REPLIED, public=True).order_by("-created_at", "-pk").first()
    return event.text if event else ""


def draft(case):
    """The form's starting text for publishing ``case``: what was published before, or the
    case's own text with personal data hidden."""
    page = PublicAnswerPage.objects.filter(case=case, locale=Locale.get_default()).order_by("pk").first()
    if page is not None:
        return {"title": page.title, "question": page.question, "answer": page.answer}
    names = [case.contact_name] if case.contact_name else []
    question = redact(case.description, names)
    title = " ".join(question.split())
    return {
        "title": title if len(title) <= 40 else title[:39] + "…",
        "question": question,
        "answer": redact(answer_text(case), names),
    }


def published_answer(case):
    """The live answer of ``case`` in the default locale, or None."""
    return PublicAnswerPage.objects.live().filter(case=case, locale=Locale.get_default()).first()


def _answers_index():
    return (
        PublicAnswerIndexPage.objects.live().filter(locale=Locale.get_default()).order_by("path").first()
    )


def _check(case, user, version):
    if user is not None and not scope.can_handle(user, case):
        raise PermissionDenied
    # Lock the case row only: PostgreSQL cannot lock the nullable side of the outer joins.
    case = Case.objects.select_for_update(of=("self",)).select_related("category", "community", "building").get(
        pk=case.pk
    )
    if version is not None and int(version) != case.version:
        from .services import CaseChanged

        raise CaseChanged(
            _("This case was changed by someone else since you opened it. Look at its latest state below, then try again.")
        )
    return case


def _limited(value, name, limit):
    value = (value or "").strip()
    if not value:
        raise CaseError(_("This field is required."), field=name)
    if len(value) > limit:
        raise CaseError(_("Keep it under %(n)d characters.") % {"n": limit}, field=name)
    return value


@transaction.atomic
def publish_answer(case, user, *, title, question, answer, version=None):
    """Publish (or publish again, with new text) the public answer of a resolved or closed case."""
    title = _limited(title, "title", 80)
    question = _limited(question, "question", MAX_DESCRIPTION)
    answer = _limited(answer, "answer", MAX_REPLY)
    case = _check(case, user, version)
    if case.status not in PUBLISHABLE:
        raise CaseError(_("Only a resolved or closed case can be published."))
    page = PublicAnswerPage.objects.filter(case=case, locale=Locale.get_default()).order_by("pk").first()
    if page is None:
        index = _answers_index()
        if index is None:
            raise CaseError(_("There is no public answers list to publish to: create one in the page tree first."))
        page = PublicAnswerPage(case=case, category=case.category, slug=f"answer-{case.pk}", title=title)
        page.question, page.answer = question, answer
        page.community, page.building = case.community, case.building
        page.published_by = user if user is not None and user.is_authenticated else None
        index.add_child(instance=page)
    else:
        page.title, page.question, page.answer = title, question, answer
        page.published_by = user if user is not None and user.is_authenticated else None
    # Authorised by the grid scope above, not by page permissions: a floor head has none.
    page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    log(
        case,
        user,
        CaseEvent.Action.PUBLISHED,
        from_status=case.status,
        public=False,
        text=f"{title}\n\n{question}\n\n{answer}",
        data={"page": page.pk},
    )
    case.version += 1
    case.save(update_fields=["version", "updated_at"])
    return page


@transaction.atomic
def unpublish_answer(case, user, *, version=None):
    """Take the case's public answer off the site, with its translations (404, gone from search)."""
    case = _check(case, user, version)
    pages = list(PublicAnswerPage.objects.live().filter(case=case))
    if not pages:
        raise CaseError(_("This case has no public answer."))
    for page in pages:
        UnpublishPageAction(page, user=user, include_descendants=False).execute(skip_permission_checks=True)
    log(
        case,
        user,
        CaseEvent.Action.UNPUBLISHED,
        from_status=case.status,
        public=False,
        data={"pages": [p.pk for p in pages]},
    )
    case.version += 1
    case.save(update_fields=["version", "updated_at"])
    return case


# The public list ---------------------------------------------------------------------------


def attach_labels(answers):
    """Set ``matter_label``, ``community_label`` and ``building_label`` on each answer, in the
    answers' own language, in at most two queries whatever their number."""
    if not answers:
        return answers
    locale_id = answers[0].locale_id
    categories = {
        c.pk: c
        for c in CaseCategory.objects.filter(pk__in={a.category_id for a in answers}).only("pk", "name", "translation_key")
    }
    names = dict(
        CaseCategory.objects.filter(
            translation_key__in={c.translation_key for c in categories.values()}, locale_id=locale_id
        ).values_list("translation_key", "name")
    )
    place_ids = {a.community_id for a in answers} | {a.building_id for a in answers}
    places = {p.pk: p for p in Page.objects.filter(pk__in=place_ids - {None}).only("pk", "title", "translation_key")}
    translated = dict(
        Page.objects.filter(
            translation_key__in={p.translation_key for p in places.values()}, locale_id=locale_id
        ).values_list("translation_key", "title")
    )

    def place_title(page_id):
        page = places.get(page_id)
        return translated.get(page.translation_key, page.title) if page else ""

    for answer in answers:
        category = categories.get(answer.category_id)
        answer.matter_label = names.get(category.translation_key, category.name) if category else ""
        answer.community_label = place_title(answer.community_id)
        answer.building_label = place_title(answer.building_id)
    return answers


def _id(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def answer_listing(index, params):
    """The answers below ``index``, newest first, filtered by ``matter`` (a matter's id) and
    ``place`` (a community's or building's id) from GET ``params``, one page of them."""
    answers = PublicAnswerPage.objects.live().public().child_of(index)
    facets = list(answers.values_list("category_id", "community_id", "building_id"))
    matter, place = _id(params.get("matter")), _id(params.get("place"))
    if matter:
        answers = answers.filter(category_id=matter)
    if place:
        answers = answers.filter(Q(community_id=place) | Q(building_id=place))
    answers = answers.order_by("-first_published_at", "-pk").only(
        "pk", "title", "slug", "url_path", "path", "depth", "locale_id", "question", "answer", "category_id",
        "community_id", "building_id", "first_published_at", "last_published_at", "content_type_id",
    )
    paginator = Paginator(answers, PER_PAGE)
    page_obj = paginator.get_page(params.get("page"))
    items = attach_labels(list(page_obj.object_list))

    # Filter choices: the matters and places that have answers, labelled like the answers.
    stubs = [
        PublicAnswerPage(category_id=c, community_id=m, building_id=b, locale_id=index.locale_id) for c, m, b in facets
    ]
    attach_labels(stubs)
    matters = sorted({(s.category_id, s.matter_label) for s in stubs}, key=lambda m: m[1])
    communities = sorted({(s.community_id, s.community_label) for s in stubs if s.community_id}, key=lambda p: p[1])
    buildings = sorted({(s.building_id, s.building_label) for s in stubs if s.building_id}, key=lambda p: p[1])
    filter_query = {k: v for k, v in (("matter", matter), ("place", place)) if v}
    return {
        "answers": items,
        "page_obj": page_obj,
        "matters": matters,
        "communities": communities,
        "buildings": buildings,
        "selected_matter": matter,
        "selected_place": place,
        "filter_query": filter_query,
    }
