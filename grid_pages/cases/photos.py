"""Photos sent with a case: checked by their content, re-encoded as JPEG without metadata
(``grid_pages.photos``), within the limits of the cases' settings.

Wagtail's form builder has no file field, so the intake form uses ``PhotosField``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grid_pages.photos import ACCEPTED_FORMATS, CleanPhoto, MultipleFileInput  # noqa: F401 (the cases' API)
from grid_pages.photos import clean_photo as clean_any_photo

from . import conf


def clean_photo(upload):
    """An uploaded file -> ``CleanPhoto``, or a translated ``ValidationError``."""
    return clean_any_photo(
        upload,
        max_bytes=conf.get("MAX_PHOTO_BYTES"),
        max_pixels=conf.get("MAX_PHOTO_PIXELS"),
        max_side=conf.get("PHOTO_MAX_SIDE"),
    )


class PhotosField(forms.FileField):
    """Up to ``MAX_PHOTOS`` files from one ``<input type=file multiple>``; cleans to ``[CleanPhoto]``.

    The number of files is checked before any is read, each file's size before it is opened.
    """

    default_error_messages = {
        "too_many": gettext_lazy("Send at most %(n)d photos."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True})
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        return data

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        limit = conf.get("MAX_PHOTOS")
        if len(files) > limit:
            raise ValidationError(
                self.error_messages["too_many"] % {"n": limit}
                + " "
                + _("Choose the photos again (the browser cannot keep them)."),
                code="too_many",
            )
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        photos, errors = [], []
        for upload in files:
            try:
                photos.append(clean_photo(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return photos

    def bound_data(self, data, initial):
        return initial

    def has_changed(self, initial, data):
        return bool(data)
