"""Public tracking pages: no login, the tracking code is the key.

Because the URL is the key, both pages are private to the browser (no shared caches, no
search engines, no Referer sent on to other sites), and every lookup counts towards the
client's rate limit, wrong codes included, so codes cannot be guessed.
"""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from grid_pages.workcalendar import WorkCalendar

from . import conf, ratelimit, services, timeline
from .forms import RatingForm
from .models import Case, CasePhoto, CaseStatus, normalise_case_code


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    # same-origin, not no-referrer: the code in the URL never leaves the site, and the
    # follow-up form still posts with a real Origin (no-referrer makes it "null", which
    # Django's CSRF check refuses).
    response["Referrer-Policy"] = "same-origin"
    return response


def _form_page(request, *, code="", error="", status=200):
    context = {"code": code[:40], "error": error, "limited": status == 429}
    return _private(render(request, "grid_cases/track.html", context, status=status))


def _within_limit(request):
    return ratelimit.hit(request, "track", conf.get("TRACK_RATE"))


def _too_many(request, code=""):
    return _form_page(
        request,
        code=code,
        error=_("Too many tracking codes were tried from your connection. Please wait a few minutes and try again."),
        status=429,
    )


def track(request):
    """Ask for the code; a well-formed one goes on to its case page (which counts the lookup)."""
    raw = request.GET.get("code")
    if raw is None:
        return _form_page(request)
    code = normalise_case_code(raw)
    if code:
        return _private(redirect("grid_cases:track_case", code=code))
    if not raw.strip():
        return _form_page(request, error=_("Enter your tracking code."))
    if not _within_limit(request):
        return _too_many(request, raw)
    return _not_found(request, raw)


def _not_found(request, code):
    return _form_page(
        request,
        code=code,
        error=_("No case has this tracking code. Check it and try again: it has eight letters and digits, like ABCD-EFGH."),
        status=404,
    )


# The photos a case carries, counted in the case's own query.
_photo_count = CasePhoto.objects.filter(case=OuterRef("pk")).values("case").annotate(n=Count("pk")).values("n")


@require_http_methods(["GET", "HEAD", "POST"])
def track_case(request, code):
    """The case's status, due date, handling level and public timeline; on a resolved case,
    the student's rating (满意 / 基本满意 / 不满意, with a comment), which POSTs here."""
    if not _within_limit(request):
        return _too_many(request, code)
    normal = normalise_case_code(code)
    case = None
    if normal:
        case = (
            Case.objects.select_related("category", "community", "building", "floor", "room", "duplicate_of")
            .annotate(photo_count=Coalesce(Subquery(_photo_count), 0))  # counted, never shown
            .filter(code=normal)
            .first()
        )
    if case is None:
        return _not_found(request, code)
    form = None
    if request.method == "POST":
        form = RatingForm(request.POST)
        if "version" in form.errors:  # a hidden field: a broken or tampered form
            form.add_error(None, _("Your answer could not be read. Reload the page and answer again."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.rate(case, rating=data["rating"], comment=data["comment"], version=data["version"])
            except services.CaseError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return _private(redirect(f"{request.path}?rated={data['rating']}"))
        case.refresh_from_db()
    elif case.status == CaseStatus.RESOLVED:
        form = RatingForm(initial={"version": case.version})
    now = timezone.now()
    calendar = WorkCalendar(case.category.clock_stops_in_closures)
    context = {
        "case": case,
        "matter": case.category.label,
        "steps": timeline.progress(case),
        "events": timeline.public_timeline(case),
        "handled_by": timeline.handling_label(case),
        "place": timeline.place_label(case),
        "overdue": case.is_overdue(now),
        "time_left": case.time_left(now, calendar),
        "response_overdue": case.is_response_overdue(now),
        "response_time_left": case.response_time_left(now, calendar),
        "original_url": timeline.tracking_path(case.duplicate_of) if case.duplicate_of_id else "",
        "rating_form": form,
        "rated": request.GET.get("rated", ""),
        "followup_days": conf.get("FOLLOWUP_DAYS"),
        # The photos themselves are never shown here: see docs/cases.md, "Tracking pages".
        "photo_count": case.photo_count,
    }
    status = 400 if form is not None and form.errors else 200
    return _private(render(request, "grid_cases/track_case.html", context, status=status))
