"""The host site's own base page (``WAGTAIL_PAGE_MODEL = "sitepage.SitePage"``).

Its migrations are Wagtail's three steps for a swapped base page (wagtail/test/basepage):
the model first, then the locale and translation key once wagtailcore's Locale exists.
"""

from django.db import models
from wagtail.models import AbstractPage


class SitePage(AbstractPage):
    campus = models.CharField(max_length=255, blank=True, null=True)

    promote_panels = AbstractPage.promote_panels + ["campus"]
