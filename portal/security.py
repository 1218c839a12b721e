"""Security glue: the login lockout (django-axes: which address a client has, the backend, the
login form) and the Content-Security-Policy's allowance for Wagtail's admin.

Failed logins are counted in the database (axes' database handler), so the lockout holds
across every server process and machine that share it. ``manage.py axes_reset`` unlocks.
"""

import ipaddress

from axes.backends import AxesStandaloneBackend
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django import forms
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


def client_ip(request):
    """The client's address: the first X-Forwarded-For hop only when the proxy is trusted
    (``TRUST_X_FORWARDED_FOR``), as the cases' rate limits count it."""
    candidates = []
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        candidates.append(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    # Only a real address: it is stored in an IP column (PostgreSQL's inet refuses anything else).
    for address in candidates:
        try:
            return str(ipaddress.ip_address(address))
        except ValueError:
            continue
    return None


def attempt_username(request, credentials=None):
    """The user name an attempt is recorded under, cut to the column's 255 characters
    (a 100 KB name must be refused, not fail on PostgreSQL's varchar)."""
    if credentials:
        name = credentials.get("username")
    else:
        name = request.POST.get("username") if request is not None else None
    return str(name)[:255] if name is not None else None


class LockoutBackend(AxesStandaloneBackend):
    """Refuses logins of a locked-out user or address. A call without a request is no web
    login (``Client.login`` in tests, shell scripts) and is left to the next backend."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        # A session can name this backend (``force_login`` takes the first one): it finds
        # users as Django's own does.
        return ModelBackend().get_user(user_id)


LOCKED_OUT = _(
    "Too many failed login attempts. Sign-in is locked for %(minutes)s minutes; "
    "ask an administrator if you need it unlocked sooner."
)


class AdminLoginForm(LoginForm):
    """Wagtail's login form, saying so when the attempt was refused because of a lockout."""

    def get_invalid_login_error(self):
        if getattr(self.request, "axes_locked_out", False):
            return forms.ValidationError(LOCKED_OUT, code="locked_out", params={"minutes": cooloff_minutes()})
        return super().get_invalid_login_error()


def cooloff_minutes():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(request, original_response, credentials):
    """The login page as rendered (its form carries the lockout message), answered 429."""
    original_response.status_code = settings.AXES_HTTP_RESPONSE_CODE
    return original_response


class CSPMiddleware(BaseCSPMiddleware):
    """The site's policy everywhere; under the admin, inline scripts and styles too. Wagtail 8's
    admin still writes inline ``<script>`` blocks (inline panels, date and time widgets,
    workflows) and its bundled scripts insert styles, without nonces; everything else of the
    policy (only this host, no plugins, no framing by others) holds there as well."""

    admin_update = {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), **self.admin_update}
        return parts


ADMIN_PREFIX = "/admin/"
