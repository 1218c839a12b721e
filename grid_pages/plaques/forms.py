"""The plaque editor: rooms listed by building and floor, not by a bare number two buildings share."""

from django import forms
from django.db.models.functions import Length, Substr
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from grid_pages.conf import get_page_model
from grid_pages.models import Room

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()


class RoomChoiceField(forms.ModelChoiceField):
    """Labels each room “庠园3栋 · 5层 · 502”; titles are looked up once per form."""

    def __init__(self, *args, titles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.titles = titles or {}

    def label_from_instance(self, room):
        floor = room.floor
        building = self.titles.get(floor.path[: -floor.steplen], "")
        return " · ".join(t for t in (building, floor.title, room.number) if t)


class PlaqueForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("room")
        if field is None:
            return
        # Plaques hang on rooms of the source-language floors; translated floors repeat them.
        rooms = Room.objects.select_related("floor").order_by("floor__path", "sort_order", "pk")
        try:
            rooms = rooms.filter(floor__locale=Locale.get_default())
        except Locale.DoesNotExist:  # a site without locales yet
            pass
        # The buildings above those floors, in one query.
        building_paths = rooms.annotate(
            building_path=Substr("floor__path", 1, Length("floor__path") - Page.steplen)
        ).values("building_path")
        self.fields["room"] = RoomChoiceField(
            queryset=rooms,
            titles=dict(Page.objects.filter(path__in=building_paths).values_list("path", "title")),
            label=field.label,
            help_text=field.help_text,
            required=field.required,
        )
