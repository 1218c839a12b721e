"""The public declaration page: a student says whether they stay or leave over a holiday.

Nothing on it is about anyone until the student proves who they are (student number and the last
four digits of their phone, rate-limited per client like the case forms, or a signed link their
grid member sent), and even then the answer is only a thank-you with what they declared. The page
is never cached (CSRF token, and the student's own answer after sending).
"""

import datetime as dt
import hashlib

from django import forms
from django.core import signing
from django.core.cache import caches
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import conf, services
from .models import HolidayPeriod, Plan

LINK_SALT = "grid_holidays.declaration"


def make_link_token(period, student):
    return signing.dumps({"p": period.pk, "s": student.pk}, salt=LINK_SALT, compress=True)


def read_link_token(token):
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=dt.timedelta(days=conf.get("LINK_MAX_AGE_DAYS")))
    except signing.BadSignature:
        return None
    return data


class DeclarationForm(forms.Form):
    period = forms.ModelChoiceField(label=gettext_lazy("Holiday"), queryset=HolidayPeriod.objects.none(), empty_label=None)
    number = forms.CharField(label=gettext_lazy("Student number"), max_length=30, required=False)
    phone_suffix = forms.CharField(label=gettext_lazy("Last 4 digits of your phone"), max_length=4, min_length=4, required=False)
    plan = forms.ChoiceField(label=gettext_lazy("Over the holiday I"), choices=Plan.choices, widget=forms.RadioSelect)
    destination = forms.CharField(label=gettext_lazy("Destination"), max_length=120, required=False)
    expected_return = forms.DateField(label=gettext_lazy("Expected return"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    contact = forms.CharField(label=gettext_lazy("Phone while away (optional)"), max_length=60, required=False)

    def __init__(self, *args, periods, linked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
        if linked:
            del self.fields["number"], self.fields["phone_suffix"], self.fields["period"]
        else:
            self.fields["number"].required = self.fields["phone_suffix"].required = True

    def clean(self):
        data = super().clean()
        if data.get("plan") == Plan.LEAVE and not (data.get("destination") and data.get("expected_return")):
            raise forms.ValidationError(_("Say where you go and when you expect to be back."))
        return data


def _open_periods():
    return HolidayPeriod.objects.filter(declarations_open=True, return_by__gte=timezone.localdate()).order_by("leave_from")


def _client(request):
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def _over_limit(request, count):
    limit, window = conf.get("DECLARE_RATE")
    cache = caches[conf.get("RATELIMIT_CACHE")]
    key = f"grid_holidays:rl:{_client(request)}"
    if not count:
        return cache.get(key, 0) >= limit
    if cache.add(key, 1, timeout=window):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:
        cache.add(key, 1, timeout=window)
        return False


def serve_declaration(page, request):
    token = request.GET.get("t") or request.POST.get("t") or ""
    link = read_link_token(token) if token else None
    periods = _open_periods()
    linked_period = linked_student = None
    if link:
        from grid_pages.roster.models import Student

        linked_period = periods.filter(pk=link["p"]).first()
        linked_student = Student.objects.filter(pk=link["s"], active=True).first()
        if not (linked_period and linked_student):
            link = None
    status, message = 200, ""
    form = DeclarationForm(request.POST or None, periods=periods, linked=bool(link))
    if request.method == "POST":
        if _over_limit(request, count=False):
            status, message = 429, _("Too many attempts from this connection. Wait a few minutes and try again.")
        elif form.is_valid():
            data = form.cleaned_data
            period, student = (linked_period, linked_student) if link else (data["period"], None)
            if not link:
                student = services.find_student(data["number"], data["phone_suffix"])
                if student is None:
                    _over_limit(request, count=True)
                    status, message = 400, _("The student number and phone digits do not match our roster. Check them, or ask your grid member.")
            if student is not None:
                try:
                    services.declare(
                        period, student, plan=data["plan"], destination=data.get("destination", ""),
                        expected_return=data.get("expected_return"), contact=data.get("contact", ""),
                    )
                except services.HolidayError as error:
                    status, message = 400, str(error)
                else:
                    return redirect(page.url + "?done=1")
        else:
            status = 400
    context = page.get_context(request)
    context.update({"form": form, "periods": periods, "link_token": token if link else "", "message": message,
                    "done": "done" in request.GET, "linked_period": linked_period})
    response = TemplateResponse(request, page.template, context, status=status)
    add_never_cache_headers(response)
    return response
