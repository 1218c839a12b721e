"""Photos staff and students send (case photos, inspection findings): checked by their content,
re-encoded as JPEG without metadata.

A photo is accepted only when Pillow reads it as one of a few image formats; its size is
checked before it is opened and its pixel count before it is decoded. What is stored is a new
JPEG: EXIF orientation applied, longest side bounded, no EXIF (GPS included), XMP, ICC or
comment left. Sub-apps pass their own limits.
"""

import io
import struct
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

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
    """A photo ready to store."""

    content: ContentFile
    width: int
    height: int
    size: int


def _megabytes(n):
    return f"{n / (1024 * 1024):g}"


def clean_photo(upload, *, max_bytes, max_pixels, max_side):
    """An uploaded file -> ``CleanPhoto`` (at most ``max_side`` pixels on its longest side), or a
    translated ``ValidationError`` when it is larger than ``max_bytes`` or ``max_pixels``."""
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
            if width < 1 or height < 1 or width * height > max_pixels:
                raise ValidationError(
                    _("“%(name)s” has too many pixels. Send a smaller photo.") % {"name": _short_name(upload)}
                    + " "
                    + again
                )
            return _reencode(image, max_side)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise not_image from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError, struct.error):
        # Truncated or corrupt data: Pillow raises any of these while decoding.
        raise not_image from None


def _reencode(image, max_side):
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


def private_photo_response(file_field):
    """Stream a stored photo (a JPEG of ``clean_photo``) to a user the caller has checked; a
    missing file is a 404. Kept in the browser only, never in a shared cache."""
    from django.http import FileResponse, Http404

    try:
        handle = file_field.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=600"
    return response
