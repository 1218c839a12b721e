"""Admin glue of the synchronised language trees: moves and deletions cascade to the synced
locales, and the "Not translated yet" report lists what translators still have to do."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import translation


@hooks.register("construct_translated_pages_to_cascade_actions")
def cascade_to_synced_locales(pages, action):
    # Without this (or wagtail.contrib.simple_translation) Wagtail moves and deletes only the
    # page itself, leaving its English alias where the Chinese page used to be.
    return translation.cascade_pages(pages, action)


class UntranslatedPagesFilterSet(WagtailFilterSet):
    class Meta:
        model = Page
        fields = ["locale", "live"]


class UntranslatedPagesView(PageReportView):
    page_title = _("Not translated yet")
    header_icon = "site"
    results_template_name = "home/admin/untranslated_pages_results.html"
    index_url_name = "untranslated_pages"
    index_results_url_name = "untranslated_pages_results"
    filterset_class = UntranslatedPagesFilterSet
    any_permission_required = ["add", "change", "publish"]

    def get_filename(self):
        return "untranslated-pages"

    def get_queryset(self):
        editable = PagePermissionPolicy().instances_user_has_permission_for(self.request.user, "change")
        self.queryset = translation.untranslated_pages().filter(pk__in=editable.values("pk")).specific(defer=True)
        return super().get_queryset()


class UntranslatedPagesMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"])


@hooks.register("register_admin_urls")
def register_untranslated_pages_urls():
    view = UntranslatedPagesView.as_view()
    results = UntranslatedPagesView.as_view(results_only=True)
    return [
        path("reports/untranslated/", view, name="untranslated_pages"),
        path("reports/untranslated/results/", results, name="untranslated_pages_results"),
    ]


@hooks.register("register_reports_menu_item")
def register_untranslated_pages_menu_item():
    return UntranslatedPagesMenuItem(
        _("Not translated yet"), reverse("untranslated_pages"), name="untranslated-pages", icon_name="site", order=750
    )
