"""The intake form: the structured fields every case carries, plus the questions staff add.

Where the student is: one "room" text field (3栋502, 庠园3栋502, 3-502) resolved with the
grid's room finder, with an optional building list for those who prefer to choose. When the
text matches several rooms (or, for a suggestion, several buildings) the form comes back with
the candidates as radio buttons under the field.
"""

import json
import re
import unicodedata
import uuid

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.contrib.forms.forms import BaseForm, FormBuilder
from wagtail.models import Locale

from grid_pages.conf import get_building_model
from grid_pages.lookup import MAX_QUERY_LENGTH, buildings_with_community, find_rooms, parse_room_query
from grid_pages.models import BuildingPageMixin, Room

from . import conf
from .models import CaseCategory, CaseKind, CaseRating, default_locale_categories
from .photos import PhotosField
from .services import MAX_DESCRIPTION

MAX_EXTRA_ANSWER = 2000
EXTRA_PREFIX = "q_"
# Named so that browsers' autofill leaves it alone; hidden by CSS, skipped by keyboard and screen readers.
HONEYPOT = "leave_empty"


class TextField(forms.CharField):
    """Text as the student meant it: a line break counts once (browsers send CRLF, but their
    maxlength counts one character), and NUL characters, which no keyboard types, are dropped
    rather than refused with Django's confusing message."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


class PhoneField(forms.CharField):
    """Full-width digits from a Chinese keyboard (１３８…) are digits too."""

    def to_python(self, value):
        return unicodedata.normalize("NFKC", super().to_python(value))


class IntakeFormBuilder(FormBuilder):
    """Wagtail's builder with a length limit on multi-line answers too, counted like ours."""

    def create_multiline_field(self, field, options):
        options.setdefault("max_length", MAX_EXTRA_ANSWER)
        options.setdefault("widget", forms.Textarea)
        return TextField(**options)


def active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:  # a site without locales yet
        return None


def category_choices(kind, locale):
    """[(pk, label)] of the matters of ``kind`` in the default locale, labelled in ``locale``
    (their ``.localized.name``), and {pk: matter}; three queries at most whatever their number."""
    categories = list(default_locale_categories(kind).order_by("sort_order", "pk"))
    names = {}
    if categories and locale is not None and locale.pk != categories[0].locale_id:
        names = dict(
            CaseCategory.objects.filter(
                translation_key__in=[c.translation_key for c in categories], locale=locale
            ).values_list("translation_key", "name")
        )
    return [(c.pk, names.get(c.translation_key) or c.name) for c in categories], {c.pk: c for c in categories}


def building_choices(locale):
    """Live buildings of ``locale`` (the default one when it has none) grouped by community; one or two queries."""
    buildings = buildings_with_community()
    found = list(buildings.filter(locale=locale)) if locale is not None else list(buildings)
    if not found and locale is not None and not locale.is_default:
        found = list(buildings.filter(locale__language_code=Locale.get_default().language_code))
    groups = {}
    for building in found:
        groups.setdefault(building.community_title or "", []).append((str(building.pk), building.title))
    return [("", _("Choose if you like"))] + list(groups.items())


def place_text(item):
    """庠园社区 · 庠园3栋 · 5层 · 502 for a room (or a building) from the room finder."""
    if isinstance(item, Room):
        parts = [getattr(item, "community", None), getattr(item, "building", None), item.floor]
        return " · ".join([p.title for p in parts if p is not None] + [item.number])
    community = getattr(item, "community", None)
    return " · ".join(p.title for p in (community, item) if p is not None)


phone_validator = RegexValidator(
    r"^[0-9+()\-\s]{5,30}$", gettext_lazy("Enter a phone number: digits, with + or - if needed.")
)


class IntakeForm(BaseForm):
    """Structured fields of every case. ``page`` (the intake page) decides the kind."""

    category = forms.TypedChoiceField(label=gettext_lazy("Matter"), coerce=int, widget=forms.RadioSelect)
    room = forms.CharField(
        label=gettext_lazy("Room"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        # No autocomplete="off": it makes browsers drop the room when the student comes Back.
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("e.g. 庠园3栋502")}),
    )
    building = forms.ChoiceField(label=gettext_lazy("Building"), required=False)
    place = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    description = TextField(
        label=gettext_lazy("What is the matter?"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    photos = PhotosField(label=gettext_lazy("Photos"))
    anonymous = forms.BooleanField(
        label=gettext_lazy("Send anonymously"),
        required=False,
        help_text=gettext_lazy("Nobody will see who sent it; your contact details are not kept."),
    )
    contact_name = TextField(
        label=gettext_lazy("Name"), max_length=40, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = PhoneField(
        label=gettext_lazy("Phone"),
        max_length=30,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("Email"), max_length=254, required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    submission_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, language="", check_photos=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        if not check_photos:  # the client is over its rate limit: do not decode its files
            self.files = MultiValueDict()
        self.kind = self.page.case_kind
        self.locale = active_locale()
        self.room_obj = self.building_obj = None
        self.place_candidates = []  # [(value, label)] when the room text matched several places
        self.fields[HONEYPOT] = forms.CharField(
            label=gettext_lazy("Leave this field empty"),
            required=False,
            max_length=200,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        choices, self.categories = category_choices(self.kind, self.locale)
        self.fields["category"].choices = choices
        self.fields["building"].choices = building_choices(self.locale)
        if self.kind == CaseKind.REPAIR:
            del self.fields["anonymous"]
            self.fields["room"].help_text = _("Building and room, e.g. 3栋502 or 庠园3栋502.")
        else:
            self.fields["room"].label = _("Building or room")
            self.fields["room"].help_text = _("e.g. 庠园3栋, or a room such as 3栋502.")
        self.fields["photos"].help_text = _("Up to %(n)d photos, each under %(mb)s MB.") % {
            "n": conf.get("MAX_PHOTOS"),
            "mb": f"{conf.get('MAX_PHOTO_BYTES') / (1024 * 1024):g}",
        }
        if not self.is_bound and not self.initial.get("submission_token"):
            self.initial["submission_token"] = str(uuid.uuid4())

    # Extra questions ------------------------------------------------------------------

    extra_fields = ()  # [(form field name, label)], set by ``intake_form_class``

    def extra_answers(self):
        """{label: answer} of the staff's questions, JSON-safe; unanswered ones left out."""
        answers = {}
        for name, label in self.extra_fields:
            value = self.cleaned_data.get(name)
            if value in (None, "", [], ()):
                continue
            answers[label] = value
        return json.loads(json.dumps(answers, cls=DjangoJSONEncoder))

    def extra_bound_fields(self):
        return [self[name] for name, _label in self.extra_fields]

    # Cleaning ---------------------------------------------------------------------------

    def clean_submission_token(self):
        value = self.cleaned_data.get("submission_token") or ""
        try:
            return uuid.UUID(value)
        except ValueError:
            return None

    def clean(self):
        cleaned = super().clean()
        if "room" in cleaned and "building" in cleaned:
            self._clean_place(cleaned.get("room", ""), cleaned.get("building") or None, cleaned.get("place") or "")
        category = cleaned.get("category")
        if category is not None:
            cleaned["category"] = self.categories.get(category)
        if cleaned.get("anonymous"):
            cleaned["contact_name"] = cleaned["phone"] = cleaned["email"] = ""
        return cleaned

    def _find(self, text, building_id):
        kwargs = {"building_id": building_id, "room": text} if building_id else {}
        result = find_rooms(None if building_id else text, locale=self.locale, **kwargs)
        found = result.room or result.building or result.rooms or result.buildings
        if not found and self.locale is not None and not self.locale.is_default:
            # An English page on a grid not yet translated: look in the default locale.
            result = find_rooms(None if building_id else text, locale=Locale.get_default(), **kwargs)
        return result

    @staticmethod
    def _names_a_building(text):
        parsed = parse_room_query(text)
        return bool(parsed.building or parsed.building_name or parsed.community)

    @staticmethod
    def _building_key(building_id):
        return get_building_model().objects.filter(pk=building_id).values_list("translation_key", flat=True).first()

    def _clean_place(self, text, building_id, pick):
        repair = self.kind == CaseKind.REPAIR
        if not text.strip() and not building_id:
            self.add_error(
                "room",
                _("Tell us the room, e.g. 3栋502.") if repair else _("Tell us the building, e.g. 庠园3栋, or the room."),
            )
            return
        if building_id and self._names_a_building(text):
            # 3栋502 typed while the list shows another building: which one did the student mean?
            alone = self._find(text, None)
            found = alone.room.building if alone.room is not None else alone.building
            if found is not None and found.translation_key != self._building_key(building_id):
                self.add_error(
                    "room",
                    _(
                        "The building you typed is not the one chosen in the list. Type only the room "
                        "number, or choose the right building."
                    ),
                )
                return
        result = self._find(text, building_id)
        candidates = [(f"room:{r.pk}", r) for r in result.rooms] + [(f"room:{r.pk}", r) for r in result.nearby]
        if not repair or not result.query.room:
            candidates += [(f"building:{b.pk}", b) for b in result.buildings]
        picked = dict(candidates).get(pick) if pick else None

        room = picked if isinstance(picked, Room) else result.room
        building = picked if isinstance(picked, BuildingPageMixin) else result.building
        if room is not None:
            self.room_obj = room
            return
        if building is not None and not repair:
            self.building_obj = building
            return
        if building is not None:
            self.add_error("room", _("Add the room number: a repair needs the room, e.g. 3栋502."))
            return
        self.place_candidates = [(value, place_text(item)) for value, item in candidates]
        if self.place_candidates:
            message = result.message or _("Several places match. Choose yours below.")
        elif result.query.room:
            # Nothing to choose from below: the finder's "choose below" would send them looking.
            # Echo what was typed (99栋9999), not the parsed room alone.
            message = _("Nothing matches “%(query)s”. Check the building and room number, e.g. 3栋502.") % {
                "query": result.query.typed or text.strip()
            }
        elif repair:
            message = _("That room was not found. Check the building and room number, e.g. 3栋502.")
        else:
            message = _("That building was not found. Check its name, e.g. 庠园3栋.")
        self.add_error("room", message)


def intake_form_class(page):
    """The page's form class: ``IntakeForm`` plus the extra questions its staff added."""
    builder = IntakeFormBuilder(list(page.get_form_fields()))
    extra = {}
    extra_fields = []
    labels = {f.clean_name or f.get_field_clean_name(): f.label for f in builder.fields}
    for name, field in builder.formfields.items():
        form_name = EXTRA_PREFIX + re.sub(r"[^0-9A-Za-z_]", "_", name)
        extra[form_name] = field
        extra_fields.append((form_name, labels.get(name, name)))
    extra["extra_fields"] = extra_fields
    return type("IntakeForm", (IntakeForm,), extra)


class RatingForm(forms.Form):
    """The student's rating of a resolved case, on the tracking page: 满意, 基本满意 or 不满意
    (a comment is required for 不满意; the service says so)."""

    rating = forms.ChoiceField(
        label=gettext_lazy("How satisfied are you with the result?"),
        choices=CaseRating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose how satisfied you are.")},
    )
    comment = TextField(
        label=gettext_lazy("Comment (required if you are unsatisfied: tell us what is still wrong)"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
