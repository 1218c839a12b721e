from django.apps import AppConfig
from django.db.models.signals import post_save


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # jieba's dictionary is not loaded here but on the first segmentation
        # (search.segment.get_tokenizer), so management commands and migrations that
        # never search do not pay for it; gunicorn loads it in the master before
        # forking (gunicorn.conf.py), so its workers share one copy.
        from wagtail.signals import page_published

        from grid_pages.models import StaffMember

        from . import signals

        page_published.connect(signals.reindex_published_page, dispatch_uid="search.reindex_published_page")
        post_save.connect(signals.reindex_pages_of_staff, sender=StaffMember, dispatch_uid="search.reindex_staff")
