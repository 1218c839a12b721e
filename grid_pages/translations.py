"""Free texts of grid records (a person's position and office, a plaque's pledge, a reception
session's place) in the site's other languages.

Pages are translated as pages (one page per language). The records they show are rows that
pages, cases, rooms and bookings point to; they stay one row in the default language, so that
every reference, permission and count keeps meaning one person or one plaque. Their free texts
get one row per language in a model built on ``TextTranslation`` (``related_name="translations"``),
edited inline on the record. Pages read the active language's texts in the same query as the
record (``annotate_texts`` + ``take_texts``) and show them through ``TranslatedTextsMixin.shown``,
which falls back to the default language's text, field by field.
"""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class TextTranslation(models.Model):
    """One language's texts of one record; subclasses add a ``ParentalKey`` named by
    ``related_name="translations"`` and the translated fields (blank: fall back)."""

    locale = models.ForeignKey(
        "wagtailcore.Locale", verbose_name=_("language"), on_delete=models.CASCADE, related_name="+"
    )

    locale_panel = FieldPanel("locale")

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.locale)


# Prefix of the texts ``annotate_texts(queryset, Model, "pk", TEXT_PREFIX)`` puts on a record itself.
TEXT_PREFIX = "text_"


class TranslatedTextsMixin:
    """For a record with a ``translations`` relation: ``translated_fields`` names its texts."""

    translated_fields = ()

    def shown(self, field):
        """``field`` in the active language, as read with the record (``annotate_texts`` with
        ``TEXT_PREFIX``) or handed over by ``take_texts``; else the record's own text."""
        return (
            (getattr(self, "translated_texts", None) or {}).get(field)
            or getattr(self, f"{TEXT_PREFIX}{field}", None)
            or getattr(self, field)
        )


def translation_language():
    """The active language when texts need translating (not the default language), else None."""
    language = get_language()
    if not language:
        return None
    try:
        language = get_supported_language_variant(language)
    except LookupError:
        return None
    return None if language == get_supported_language_variant(settings.LANGUAGE_CODE) else language


def annotate_texts(queryset, model, ref, prefix):
    """``queryset`` with the active language's texts of the ``model`` record whose pk is in
    column ``ref`` (``"pk"``, ``"staff_id"``…), as ``<prefix><field>``, in the same query.

    Unchanged in the default language, and for the in-memory rows of a preview.
    """
    language = translation_language()
    if language is None or not isinstance(queryset, models.QuerySet):
        return queryset
    relation = model._meta.get_field("translations")
    rows = relation.related_model.objects.filter(
        **{relation.field.name: OuterRef(ref), "locale__language_code": language}
    )
    return queryset.annotate(
        **{f"{prefix}{field}": Subquery(rows.values(field)[:1]) for field in model.translated_fields}
    )


def take_texts(record, source, prefix):
    """Give ``record`` the texts ``annotate_texts`` put on ``source`` (a row of its queryset)."""
    if record is None:
        return record
    texts = {field: getattr(source, f"{prefix}{field}", None) for field in type(record).translated_fields}
    return give_texts(record, texts)


def give_texts(record, texts):
    """Give ``record`` the texts {field: value} read in the active language (an empty one falls
    back to the record's own)."""
    record.translated_texts = {field: value for field, value in texts.items() if value}
    return record


def with_related_texts(queryset, field):
    """The rows of ``queryset`` as a list, each one's ``field`` record (a foreign key to a
    ``TranslatedTextsMixin`` model: a room's head, an assignment's person) carrying its texts
    in the active language, read in the same query."""
    model = queryset.model._meta.get_field(field).related_model
    prefix = f"{field}_text_"
    rows = list(annotate_texts(queryset, model, f"{field}_id", prefix))
    for row in rows:
        take_texts(getattr(row, field), row, prefix)
    return rows

