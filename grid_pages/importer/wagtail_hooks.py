from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import services, views


@hooks.register("register_admin_urls")
def register_importer_urls():
    urls = [
        path("", views.upload, name="upload"),
        path("<int:pk>/", views.preview, name="preview"),
        path("<int:pk>/confirm/", views.confirm, name="confirm"),
        path("roster.xlsx", views.export_roster, name="export_roster"),
    ]
    return [path("grid-import/", include((urls, "grid_importer")))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return services.can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_importer_menu_item():
    return ImportMenuItem(_("Import and export"), reverse("grid_importer:upload"), icon_name="upload", order=900)
