"""The host's URLs as docs/plugin.md lists them: the core's, then each installed sub-app's."""

from django.apps import apps
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

# (prefix, app): the sub-apps with public URLs of their own.
SUBAPP_URLS = [
    ("grid/plaques/", "grid_pages.plaques"),
    ("grid/activities/", "grid_pages.activities"),
    ("grid/notices/", "grid_pages.notices"),
    ("grid/reception/", "grid_pages.reception"),
    ("grid/inspections/", "grid_pages.inspections"),
    ("track/", "grid_pages.cases"),
]

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("grid/", include("grid_pages.urls")),
    *(path(prefix, include(f"{app}.urls")) for prefix, app in SUBAPP_URLS if apps.is_installed(app)),
    path("r/", include("grid_pages.room_urls")),
    path("", include(wagtail_urls)),
]
