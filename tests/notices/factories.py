"""Factories for notices; trees are built with ``parent=`` as in tests/factories.py."""

from datetime import timedelta

import factory
import wagtail_factories
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from grid_pages.notices.models import NoticeAttachment, NoticePage


class NoticePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"通知{n}")
    slug = factory.Sequence(lambda n: f"notice-{n}")
    body = "<p>请同学们相互转告。</p>"
    # Increasing publication times, so "newest first" is well defined.
    first_published_at = factory.Sequence(lambda n: timezone.now() - timedelta(days=1000) + timedelta(minutes=n))
    last_published_at = factory.SelfAttribute("first_published_at")

    class Meta:
        model = NoticePage


class DocumentFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"附件{n}")
    file = factory.LazyAttribute(lambda o: ContentFile(b"room,name\n501,Zhang\n" * 100, name="list.csv"))

    class Meta:
        model = get_document_model()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As the admin's upload form does: size and hash are stored with the document.
        document = model_class(*args, **kwargs)
        document._set_document_file_metadata()
        document.save()
        return document


class NoticeAttachmentFactory(factory.django.DjangoModelFactory):
    document = factory.SubFactory(DocumentFactory)

    class Meta:
        model = NoticeAttachment
