"""Photos sent with a case: checked by their content, re-encoded as JPEG without metadata.

Wagtail's form builder has no file field, so the intake form uses ``PhotosField`` and this
module. A photo is accepted only when Pillow reads it as one of a few image formats; its size
is checked before it is opened and its pixel count before it is decoded. What is stored is a
new JPEG: EXIF orientation applied, longest side bounded, no EXIF (GPS included), XMP, ICC or
comment left.
"""

import io
import struct
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

from . import conf

# Formats phones and cameras produce; MPO is what many phones call their JPEGs, HEIF (.heic)
# what iPhones take by default (read through pillow-heif, which Wagtail's Willow installs).
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF", "BMP", "HEIF"}

try:
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - a host without pillow-heif refuses HEIC as unreadable
    pass
else:
    register_heif_opener()
JPEG_QUALITY = 85


@dataclass
class CleanPhoto:
    """A photo ready to store (``services.submit_case(photos=[...])``)."""

    content: ContentFile
    width: int
    height: int
    size: int


def _megabytes(n):
    return f"{n / (1024 * 1024):g}"


def clean_photo(upload):
    """An uploaded file -> ``CleanPhoto``, or a translated ``ValidationError``."""
    max_bytes = conf.get("MAX_PHOTO_BYTES")
    again = _("Choose the photo again (the browser cannot keep it).")
    if upload.size is None or upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB. Take a smaller photo or send a screenshot of it.")
            % {"name": _short_name(upload), "mb": _megabytes(max_bytes)}
            + " "
            + again
        )
    not_image = ValidationError(
        _("“%(name)s” is not a photo we can read. Send a JPEG or PNG image.") % {"name": _short_name(upload)}
        + " "
        + again
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise not_image
            # The header gives the size: refuse a pixel bomb before decoding anything.
            width, height = image.size
            if width < 1 or height < 1 or width * height > conf.get("MAX_PHOTO_PIXELS"):
                raise ValidationError(
                    _("“%(name)s” has too many pixels. Send a smaller photo.") % {"name": _short_name(upload)}
                    + " "
                    + again
                )
            return _reencode(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise not_image from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError, struct.error):
        # Truncated or corrupt data: Pillow raises any of these while decoding.
        raise not_image from None


def _reencode(image):
    max_side = conf.get("PHOTO_MAX_SIDE")
    if image.format in ("JPEG", "MPO"):
        # Decode at a reduced scale when the photo is much larger than what we keep.
        image.draft("RGB", (max_side, max_side))
    image.load()
    image = ImageOps.exif_transpose(image)
    image = _to_rgb(image)
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    image.info.clear()  # Pillow would carry a JPEG comment over; nothing of the original is kept
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    data = buffer.getvalue()
    return CleanPhoto(content=ContentFile(data, name="photo.jpg"), width=image.width, height=image.height, size=len(data))


def _to_rgb(image):
    if image.mode == "RGB":
        return image
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _short_name(upload):
    name = str(getattr(upload, "name", "") or _("photo"))
    return name if len(name) <= 40 else name[:39] + "…"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


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
