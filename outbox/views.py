from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import services


@require_POST
def retry(request):
    """Send every unsent message at the next worker run."""
    from .wagtail_hooks import outbox_viewset

    if not outbox_viewset.permission_policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    count = services.retry_unsent()
    messages.success(
        request,
        ngettext(
            "%(count)s message will be sent at the next run of send_outbox.",
            "%(count)s messages will be sent at the next run of send_outbox.",
            count,
        )
        % {"count": count},
    )
    return redirect(outbox_viewset.get_url_name("index"))
