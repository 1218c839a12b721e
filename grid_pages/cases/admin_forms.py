"""The queue's action forms: one small form per service function, each carrying the case version.

A form only parses what the user typed; the view passes ``form.service_kwargs()`` to the one
service function the action names (``QUEUE_ACTIONS`` in ``viewsets``), which decides.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.widgets import AdminSnippetChooser

from grid_pages.models import StaffMember

from . import conf, scope
from .forms import TextField
from .models import Case, ReplyTemplate, normalise_case_code
from .services import MAX_DESCRIPTION, MAX_REPLY


def _text_field(label, required=True, rows=3, limit=MAX_REPLY, help_text=""):
    return TextField(
        label=label,
        required=required,
        max_length=limit,
        strip=True,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class CaseActionForm(forms.Form):
    """Base: the version the user saw, so a change made meanwhile is refused (services.CaseChanged)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, case, user=None, **kwargs):
        self.case = case
        self.user = user
        kwargs.setdefault("prefix", self.prefix_name)
        kwargs.setdefault("initial", {}).setdefault("version", case.version)
        super().__init__(*args, **kwargs)

    prefix_name = None

    def service_kwargs(self):
        return {"version": self.cleaned_data["version"]}


class AcceptForm(CaseActionForm):
    prefix_name = "accept"


class StartForm(CaseActionForm):
    prefix_name = "start"


class AssignForm(CaseActionForm):
    prefix_name = "assign"

    local_person = forms.ModelChoiceField(
        label=_("Someone of this part of the grid"),
        queryset=StaffMember.objects.none(),
        required=False,
    )
    person = forms.ModelChoiceField(
        label=_("Or anyone else"),
        queryset=StaffMember.objects.all(),
        required=False,
        widget=AdminSnippetChooser(StaffMember),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pages = [p for p in (self.case.floor_id, self.case.building_id, self.case.community_id) if p]
        self.fields["local_person"].queryset = (
            StaffMember.objects.filter(assignments__page_id__in=pages, assignments__role__in=conf.get("HANDLER_ROLES"))
            .distinct()
            .order_by("name", "pk")
        )
        if scope.is_office(self.user):
            # Anyone but a room head (a student), e.g. a functional department's contact.
            self.fields["person"].queryset = scope.assignable_people(self.user, self.case)
        else:
            # A grid handler assigns within the case's part of the grid only.
            del self.fields["person"]

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("local_person") or cleaned.get("person")
        if person is None and not self.errors:
            raise forms.ValidationError(_("Choose the person to assign."))
        cleaned["chosen"] = person
        return cleaned

    def service_kwargs(self):
        return {**super().service_kwargs(), "person": self.cleaned_data["chosen"]}


class ReplyForm(CaseActionForm):
    prefix_name = "reply"

    template = forms.ModelChoiceField(
        label=_("Reply template"),
        queryset=ReplyTemplate.objects.none(),
        required=False,
        empty_label=_("Write my own reply"),
    )
    text = _text_field(_("Public reply"), rows=5, help_text=_("The student sees this on the tracking page."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates_for(self.case)
        self.fields["template"].widget.attrs["data-grid-cases-reply-template"] = "true"

    def service_kwargs(self):
        return {
            **super().service_kwargs(),
            "text": self.cleaned_data["text"],
            "template": self.cleaned_data["template"],
        }


def templates_for(case):
    """Reply templates of the case's matter, or of its type for every matter."""
    return ReplyTemplate.objects.filter(
        Q(category_id=case.category_id) | Q(category__isnull=True, kind__in=[case.kind, ""])
    ).order_by("title", "pk")


class NoteForm(CaseActionForm):
    prefix_name = "note"

    text = _text_field(_("Internal note"), help_text=_("Only staff see notes."))

    def service_kwargs(self):
        # Notes are never refused for being stale (services.add_note takes no version).
        return {"text": self.cleaned_data["text"]}


class EditDescriptionForm(CaseActionForm):
    prefix_name = "edit"

    description = _text_field(
        _("Description for publication"),
        rows=5,
        limit=MAX_DESCRIPTION,
        help_text=_("The student's original text is kept."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("description", kwargs["case"].description)
        super().__init__(*args, **kwargs)

    def service_kwargs(self):
        return {**super().service_kwargs(), "text": self.cleaned_data["description"]}


class ResolveForm(CaseActionForm):
    prefix_name = "resolve"

    resolution = _text_field(_("Result"), help_text=_("The student sees this."))

    def service_kwargs(self):
        return {**super().service_kwargs(), "resolution": self.cleaned_data["resolution"]}


class ReasonForm(CaseActionForm):
    reason_label = _("Reason")
    reason_required = True
    reason_help = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _text_field(self.reason_label, required=self.reason_required, help_text=self.reason_help)

    def service_kwargs(self):
        return {**super().service_kwargs(), "reason": self.cleaned_data["reason"]}


class RejectForm(ReasonForm):
    prefix_name = "reject"
    reason_label = _("Reason for rejection")
    reason_help = _("The student sees this.")


class ReopenForm(ReasonForm):
    prefix_name = "reopen"
    reason_label = _("Why it is reopened")


class EscalateForm(ReasonForm):
    prefix_name = "escalate"
    reason_label = _("Why it goes up")
    reason_help = _("The student sees this.")


class CloseForm(CaseActionForm):
    prefix_name = "close"

    text = _text_field(_("Follow-up note"), required=False, help_text=_("Optional; the student sees it."))

    def service_kwargs(self):
        return {**super().service_kwargs(), "note": self.cleaned_data["text"]}


class DuplicateForm(CaseActionForm):
    prefix_name = "duplicate"

    original = forms.CharField(
        label=_("Tracking code of the original case"), max_length=40, help_text=_("e.g. ABCD-EFGH")
    )

    def clean_original(self):
        code = normalise_case_code(self.cleaned_data["original"])
        original = Case.objects.filter(code=code).first() if code else None
        if original is None:
            raise forms.ValidationError(_("No such case."))
        return original

    def service_kwargs(self):
        return {**super().service_kwargs(), "original": self.cleaned_data["original"]}


class PublishAnswerForm(CaseActionForm):
    """The question and answer as the public will read them; prefilled with the case's text,
    phones, e-mail addresses, room numbers and the student's name hidden."""

    prefix_name = "publish"

    title = forms.CharField(label=_("Title"), max_length=80)
    question = _text_field(
        _("Question, as published"),
        rows=5,
        limit=MAX_DESCRIPTION,
        help_text=_("Check it: remove names, phone numbers, room numbers and anything else that identifies a student."),
    )
    answer = _text_field(_("Official answer, as published"), rows=5)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            from .answers import draft

            for name, value in draft(self.case).items():
                self.fields[name].initial = value

    def service_kwargs(self):
        data = self.cleaned_data
        return {**super().service_kwargs(), "title": data["title"], "question": data["question"], "answer": data["answer"]}


class UnpublishAnswerForm(CaseActionForm):
    prefix_name = "unpublish"
