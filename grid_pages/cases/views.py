"""Public tracking pages: no login, the tracking code is the key."""

from django.http import Http404, HttpResponse


def track(request):
    return HttpResponse("")


def track_case(request, code):
    raise Http404
