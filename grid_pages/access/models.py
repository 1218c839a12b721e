"""The grid's approval step: the heads one level up approve what is submitted below them."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Task, TaskState

from grid_pages.roles import GridRole

from . import services


class GridApprovalTask(Task):
    """Approved by the building or community heads above the page (and by student affairs).

    Unlike Wagtail's GroupApprovalTask the reviewers are not fixed groups: they are read
    from the grid assignments on the page's ancestors, so one task serves every building.
    """

    def _can_approve(self, obj, user):
        # Several admin components ask about the same user and object in one request.
        cache = user.__dict__.setdefault("_grid_approval_checks", {})
        key = (type(obj).__name__, obj.pk)
        if key not in cache:
            cache[key] = services.user_can_approve(user, obj)
        return cache[key]

    def user_can_access_editor(self, obj, user):
        return self._can_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self._can_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self._can_approve(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self._can_approve(obj, user):
            return [
                ("reject", gettext("Request changes"), True),
                ("approve", gettext("Approve"), False),
                ("approve", gettext("Approve with comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return services.filter_moderatable(states, user)

    @classmethod
    def get_description(cls):
        return _("Building heads approve floors, community heads approve buildings")

    class Meta:
        verbose_name = _("grid approval task")
        verbose_name_plural = _("grid approval tasks")


class RoleRights(models.Model):
    """The page rights one grid role carries on its page's subtree, editable by administrators.

    Roles without a row fall back to rights.DEFAULT_ROLE_RIGHTS. Saving a row re-syncs the
    groups of every page where the role is assigned.
    """

    role = models.CharField(_("role"), max_length=32, choices=GridRole.choices, unique=True)
    can_add = models.BooleanField(_("can add pages"), default=False)
    can_edit = models.BooleanField(_("can edit"), default=False)
    can_publish = models.BooleanField(
        _("can publish"), default=False, help_text=_("Without it, changes go to the grid workflow for approval.")
    )
    can_lock = models.BooleanField(_("can lock and unlock"), default=False)

    panels = [
        FieldPanel("role"),
        FieldPanel("can_add"),
        FieldPanel("can_edit"),
        FieldPanel("can_publish"),
        FieldPanel("can_lock"),
    ]

    class Meta:
        verbose_name = _("role rights")
        verbose_name_plural = _("role rights")
        ordering = ["role"]

    def __str__(self):
        return str(GridRole(self.role).label)

    @property
    def permission_types(self):
        """Wagtail page permission types for these rights."""
        types = []
        if self.can_add:
            types.append("add")
        if self.can_edit:
            types.append("change")
        if self.can_publish:
            types.append("publish")
        if self.can_lock:
            types += ["lock", "unlock"]
        return tuple(types)
