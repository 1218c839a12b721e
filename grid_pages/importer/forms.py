from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import import_kinds

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=lambda: [(k, s.label) for k, s in import_kinds().items()])
    file = forms.FileField(label=_("File"), help_text=_("CSV (UTF-8 or GB18030) or XLSX, header on the first line."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Only .csv and .xlsx files can be imported."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
