"""StreamField blocks for the body of an activity page."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("image")
        template = "grid_activities/blocks/image.html"


class GalleryBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(CaptionedImageBlock(), **kwargs)

    class Meta:
        icon = "image"
        label = _("gallery")
        template = "grid_activities/blocks/gallery.html"


class ActivityBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("paragraph"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"]
    )
    image = CaptionedImageBlock()
    gallery = GalleryBlock()

    class Meta:
        label = _("body")
