"""The admin's read-only list of outgoing mail, unsent first, with a "retry now" button."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.admin.views import generic
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import services, views
from .models import OutboxMessage

READ_ONLY = {"add", "change", "delete"}


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Mail is never written in the admin, only looked at (superusers or "view outgoing mail")."""

    def user_has_permission(self, user, action):
        return action not in READ_ONLY and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(set(actions) - READ_ONLY)


class OutboxIndexView(generic.IndexView):
    @property
    def header_buttons(self):
        return [
            HeaderButton(_("Retry unsent mail now"), url=reverse("outbox_retry"), icon_name="resubmit"),
        ]


class OutboxViewSet(ModelViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Outgoing mail")
    add_to_settings_menu = True
    index_view_class = OutboxIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["status"]
    # "failed" and "pending" sort before "sent": unsent mail first, oldest first.
    ordering = ["status", "created_at"]
    search_fields = ["subject"]
    list_display = [
        Column("subject", label=_("subject"), accessor="subject"),
        Column("recipients", label=_("to"), accessor="recipients"),
        "status",
        Column("attempts", label=_("attempts"), accessor="attempts"),
        DateColumn("created_at", label=_("created")),
        DateColumn("next_attempt_at", label=_("next attempt")),
        Column("last_error", label=_("last error"), accessor="last_error"),
    ]
    inspect_view_fields = ["subject", "from_email", "recipients", "status", "attempts", "created_at",
                           "next_attempt_at", "sent_at", "last_error"]
    form_fields = []

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in keep]


register_permission_policy(OutboxMessage, ReadOnlyPolicy(OutboxMessage))
outbox_viewset = OutboxViewSet("outbox")


@hooks.register("register_admin_viewset")
def register_outbox():
    return outbox_viewset


@hooks.register("register_admin_urls")
def register_retry_url():
    return [path("outbox-retry/", views.retry, name="outbox_retry")]


@hooks.register("grid_periodic_jobs")
def register_mail_worker():
    # ``run_periodic`` (cron, every minute) sends the mail too; ``send_outbox`` still works alone.
    return [("send_outbox", services.periodic_job)]
