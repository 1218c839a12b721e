from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import RoleRights


class RoleRightsViewSet(SnippetViewSet):
    """Role -> page rights, under Settings: only administrators should change who may publish."""

    model = RoleRights
    icon = "key"
    menu_label = _("Role rights")
    add_to_settings_menu = True
    list_display = ["__str__", "can_add", "can_edit", "can_publish", "can_lock"]
    copy_view_enabled = False


register_snippet(RoleRightsViewSet)
