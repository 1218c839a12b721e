"""Request handling of the intake pages (suggestion box, repair requests).

Kept apart from models.py so that the page classes stay declarations; this module imports
models lazily.

A POST that becomes a case redirects (POST/redirect/GET) to the page itself with
``?done=<signed code>``: a refresh shows the code again instead of sending the form twice, and
the signature (valid ``LANDING_MAX_AGE``) keeps the landing, which repeats what the student
wrote, from being opened by guessing codes. A filled honeypot gets the same redirect with an
empty code: a thank-you without a code, and no case.
"""

import logging
import uuid
from urllib.parse import urlencode

from django.core import signing
from django.db import DatabaseError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

LANDING_SALT = "grid_cases.intake.done"
LANDING_MAX_AGE = 6 * 60 * 60
# Bytes of form text a POST may carry on top of its largest allowed photos; a larger body is
# refused before any photo is decoded (the web server's body limit should stop it earlier).
TEXT_ALLOWANCE = 1024 * 1024


def _signer():
    return signing.TimestampSigner(salt=LANDING_SALT)


class IntakePageMixin:
    """Form-builder page whose submissions become cases (see services.submit_case)."""

    def get_form_class(self):
        from .forms import intake_form_class

        return intake_form_class(self)

    def get_form(self, *args, **kwargs):
        kwargs.setdefault("page", self)
        return super().get_form(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            response = self.serve_submission(request)
        elif "done" in request.GET:
            response = self.serve_landing(request, request.GET["done"])
        else:
            response = self.render_form(request, self.get_form(user=request.user))
        # A form with a CSRF token and, after sending, a student's own text: never cached.
        add_never_cache_headers(response)
        return response

    # Sending ----------------------------------------------------------------------------

    def serve_submission(self, request):
        from . import conf, ratelimit
        from .forms import HONEYPOT

        rate = conf.get("SUBMIT_RATE")
        if self._too_large(request):
            form = self.get_form(user=request.user)
            message = _("The photos are too large to send. Choose smaller ones and send the form again.")
            return self.render_form(request, form, status=413, message=message)
        if request.POST.get(HONEYPOT):
            # A bot filled the hidden field: thank it as usual, keep nothing.
            ratelimit.hit(request, "submit", rate)
            logger.info("Intake page %s: honeypot filled, submission dropped", self.pk)
            return redirect(self.landing_url(request, ""))
        existing = self._case_of_token(request.POST.get("submission_token"))
        if existing is not None:
            # Sent twice (a double click, a resent form): show the first one, count nothing.
            return redirect(self.landing_url(request, existing.code))
        over_limit = ratelimit.exceeded(request, "submit", rate)
        form = self.get_form(
            request.POST,
            request.FILES,
            user=request.user,
            language=getattr(request, "LANGUAGE_CODE", ""),
            check_photos=not over_limit,
        )
        if over_limit:
            return self.render_form(request, form, status=429, message=self.rate_limit_message())
        if not form.is_valid():
            return self.render_form(request, form)
        if not ratelimit.hit(request, "submit", rate):
            return self.render_form(request, form, status=429, message=self.rate_limit_message())
        return self._submit(request, form)

    def _submit(self, request, form):
        from .services import CaseError

        try:
            case = self.process_form_submission(form)
        except CaseError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.render_form(request, form)
        except DatabaseError:
            logger.exception("Intake page %s: the case could not be saved", self.pk)
            form.add_error(None, _("Your report could not be saved just now. Please send it again in a moment."))
            return self.render_form(request, form, status=503)
        return redirect(self.landing_url(request, case.code))

    def process_form_submission(self, form):
        """Make the case (one transaction, in ``services.submit_case``); returns it.

        Replaces Wagtail's FormSubmission: the answers to the extra questions go into
        ``Case.extra_answers``.
        """
        from .services import submit_case

        data = form.cleaned_data
        case, _created = submit_case(
            kind=self.case_kind,
            category=data["category"],
            description=data["description"],
            room=form.room_obj,
            building=form.building_obj,
            extra_answers=form.extra_answers(),
            anonymous=bool(data.get("anonymous")),
            contact_name=data.get("contact_name", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            photos=data.get("photos") or [],
            source_page=self,
            language=form.language,
            submission_token=data.get("submission_token"),
        )
        return case

    @staticmethod
    def _case_of_token(value):
        from .models import Case

        try:
            token = uuid.UUID(str(value or "")[:64])
        except ValueError:
            return None
        return Case.objects.filter(submission_token=token).only("code").first()

    @staticmethod
    def rate_limit_message():
        return _(
            "You have sent several reports in a short time. Please wait a few minutes, then send "
            "this one again: what you typed is kept below."
        )

    @staticmethod
    def _too_large(request):
        from . import conf

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        return length > (conf.get("MAX_PHOTOS") + 1) * conf.get("MAX_PHOTO_BYTES") + TEXT_ALLOWANCE

    # Rendering --------------------------------------------------------------------------

    def render_form(self, request, form, *, status=200, message=""):
        from . import conf

        context = self.get_context(request)
        context["form"] = form
        context["message"] = message
        # For the script's checks before sending (the server's checks stay the authority).
        context["max_photos"] = conf.get("MAX_PHOTOS")
        context["max_photo_bytes"] = conf.get("MAX_PHOTO_BYTES")
        # Browsers cannot refill a file input: say so when the form comes back.
        context["photos_lost"] = bool(request.FILES) and form.is_bound and bool(form.errors or message)
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def landing_url(self, request, code):
        return f"{request.path}?{urlencode({'done': _signer().sign(code)})}"

    def serve_landing(self, request, value):
        from .models import Case

        try:
            code = _signer().unsign(value, max_age=LANDING_MAX_AGE)
        except signing.BadSignature:
            return self.render_landing_page(request, None, expired=True)
        case = (
            Case.objects.select_related("category", "community", "building", "floor", "room").filter(code=code).first()
            if code
            else None
        )
        if code and case is None:
            return self.render_landing_page(request, None, expired=True)
        return self.render_landing_page(request, case)

    def render_landing_page(self, request, form_submission=None, *args, expired=False, **kwargs):
        """The thank-you page; ``form_submission`` is the case (None for a preview or a dropped bot)."""
        from . import timeline
        context = self.get_context(request)
        case = form_submission
        context["form_submission"] = context["case"] = case
        context["expired"] = expired
        context["track_url"] = reverse("grid_cases:track")
        if case is not None:
            context["track_url"] = reverse("grid_cases:track_case", args=[case.code])
            context["category_label"] = case.category.label
            context["place"] = timeline.place_label(case)
            context["answers"] = [
                (label, ", ".join(map(str, value)) if isinstance(value, list) else value)
                for label, value in (case.extra_answers or {}).items()
            ]
            context["photo_count"] = case.photos.count()
        return TemplateResponse(request, self.get_landing_page_template(request), context)
