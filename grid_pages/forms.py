"""Admin forms for grid pages: validation that needs the whole page at once."""

from django.db import DEFAULT_DB_ALIAS
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


def protected_references(obj):
    """Objects that forbid deleting ``obj`` (on_delete=PROTECT or RESTRICT), or [].

    ``obj`` may also be a list of instances of one model, checked together.
    """
    collector = Collector(using=DEFAULT_DB_ALIAS)
    try:
        collector.collect(obj if isinstance(obj, list) else [obj])
    except (ProtectedError, RestrictedError) as exc:
        return list(getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", []))
    return []


class GridPageForm(WagtailAdminPageForm):
    pass


class FloorPageForm(GridPageForm):
    """Refuses duplicate room numbers and the removal of rooms that other records refer to."""

    def clean(self):
        cleaned_data = super().clean()
        rooms = self.formsets.get("grid_rooms")
        if rooms is None:
            return cleaned_data
        # ClusterForm validates its formsets only after this clean(); validate the
        # rooms now so their cleaned data can be compared.
        rooms.is_valid()
        seen = set()
        for form in rooms.forms:
            if not hasattr(form, "cleaned_data"):
                continue
            if rooms.can_delete and rooms._should_delete_form(form):
                # A room that something refers to (a case, a plaque) must not vanish silently.
                # The error goes on the page form: the formset ignores errors of deleted rows.
                if form.instance.pk:
                    refs = protected_references(form.instance)
                    if refs:
                        self.add_error(
                            None,
                            _(
                                "Room %(number)s cannot be removed: %(count)d record(s) refer to it "
                                "(for example %(example)s). Keep the room or resolve those first."
                            )
                            % {"number": form.instance.number, "count": len(refs), "example": refs[0]},
                        )
                continue
            number = (form.cleaned_data.get("number") or "").strip()
            if not number:
                continue
            form.cleaned_data["number"] = number
            key = number.casefold()
            if key in seen:
                form.add_error("number", _("Room %(number)s is listed twice on this floor.") % {"number": number})
            seen.add(key)
        return cleaned_data
