from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CODE_LENGTH


class BookingForm(forms.Form):
    """What a student gives to book; the slot field only for slotted sessions."""

    slot = forms.TypedChoiceField(label=_("Time slot"), coerce=int, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name"), max_length=40)
    student_number = forms.RegexField(
        label=_("Student number"),
        max_length=20,
        regex=r"^[0-9A-Za-z]{4,20}$",
        error_messages={"invalid": _("A student number has 4 to 20 letters or digits.")},
    )
    room = forms.CharField(
        label=_("Room"), max_length=30, help_text=_("Building and room, e.g. 庠园3栋502.")
    )
    topic = forms.CharField(
        label=_("What would you like to talk about?"), max_length=500, widget=forms.Textarea(attrs={"rows": 4})
    )
    email = forms.EmailField(
        label=_("Email (optional)"),
        required=False,
        max_length=254,
        help_text=_("We send the confirmation code and a calendar file there, and tell you if the booking is cancelled."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, session, free_slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        if session.uses_slots:
            self.fields["slot"].choices = [(s.pk, str(s)) for s in free_slots]
            self.fields["slot"].error_messages["invalid_choice"] = _(
                "That time slot is no longer free. Please choose another one."
            )
        else:
            del self.fields["slot"]


class CancelForm(forms.Form):
    code = forms.CharField(
        label=_("Confirmation code"), max_length=CODE_LENGTH * 2, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    student_number = forms.CharField(label=_("Student number"), max_length=20)
