"""The portal's URLs plus ``/bench/bare/``: the bytes of a page, returned by a bare view."""

import os

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns

_body = {}


def bare(request):
    """The body saved in BENCH_BARE_FILE, as the page itself would send it (no database)."""
    if "body" not in _body:
        with open(os.environ["BENCH_BARE_FILE"], "rb") as f:
            _body["body"] = f.read()
    return HttpResponse(_body["body"], content_type="text/html; charset=utf-8")


class WorkerPidMiddleware:
    """Which worker answered, for the cross-process check (one header, on every target alike)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read per request: with preload_app the middleware is built in the master, before the fork.
        response["X-Worker"] = str(os.getpid())
        return response


urlpatterns = [path("bench/bare/", bare)] + portal_urlpatterns
