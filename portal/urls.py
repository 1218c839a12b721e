from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.sitemap import robots_txt, sitemap
from home.views import healthz
from search import views as search_views

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Chinese unprefixed, English under /en/.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("grid/", include("grid_pages.urls")),
    path("grid/plaques/", include("grid_pages.plaques.urls")),
    path("grid/activities/", include("grid_pages.activities.urls")),
    path("grid/notices/", include("grid_pages.notices.urls")),
    path("grid/reception/", include("grid_pages.reception.urls")),
    path("track/", include("grid_pages.cases.urls")),
    path("grid/inspections/", include("grid_pages.inspections.urls")),
    path("r/", include("grid_pages.room_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
