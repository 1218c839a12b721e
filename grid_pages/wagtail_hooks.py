from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import protected_references
from .models import CalendarDay, Room, StaffMember


class StaffMemberViewSet(SnippetViewSet):
    model = StaffMember
    icon = "user"
    menu_label = gettext_lazy("Staff")
    list_display = ["name", "position", "phone", "email"]
    search_fields = ["name", "position", "phone"]
    list_per_page = 50


class CalendarDayViewSet(SnippetViewSet):
    """The working calendar: holidays of years the library does not know, make-up working
    days and closures (a whole vacation is one entry with a range)."""

    model = CalendarDay
    icon = "date"
    menu_label = gettext_lazy("Working calendar")
    list_display = ["date", "end_date", "kind", "note"]
    list_filter = ["kind"]
    ordering = ["-date", "-pk"]
    list_per_page = 50


class GridViewSetGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Grid")
    menu_icon = "group"
    menu_order = 200
    items = (StaffMemberViewSet, CalendarDayViewSet)


register_snippet(GridViewSetGroup)


@hooks.register("before_delete_page")
def refuse_deleting_rooms_in_use(request, page):
    """Deleting a floor (or anything above it) would take its rooms along: refuse
    while any of those rooms is referred to, instead of failing or cascading."""
    rooms = list(Room.objects.filter(floor__path__startswith=page.path).order_by("floor__path", "sort_order"))
    # One collection over all the rooms; room by room only to name one in the message.
    if not rooms or not protected_references(rooms):
        return None
    room = next(r for r in rooms if protected_references(r))
    messages.error(
        request,
        _("“%(page)s” cannot be deleted: room %(room)s is still referred to by other records.")
        % {"page": page.title, "room": room.number},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
