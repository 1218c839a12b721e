from datetime import datetime, time, timedelta

from django.contrib import messages
from django.db.models import F, Q
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from ..extensions import Section, landmarks_below, landmarks_of, volatile_section
from ..models import CommunityPageMixin, GridPageMixin
from ..pagecache.generation import at_most
from ..pagecache.moments import Soonest, UntilNextChange
from ..translations import translation_language
from . import admin_views
from .calendar import FEED_PAST_DAYS
from .models import RECEPTION_TZ, Booking, ReceptionPage, ReceptionSession

SECTION_LIMIT = 5


class ReceptionSessionDeleteView(DeleteView):
    """Bookings are a record (on_delete=PROTECT): say so instead of failing."""

    def post(self, request, *args, **kwargs):
        if self.object.bookings.exists():
            messages.error(request, gettext("This session has bookings and cannot be deleted."))
            return redirect(self.get_success_url())
        return super().post(request, *args, **kwargs)


class ReceptionSessionViewSet(SnippetViewSet):
    model = ReceptionSession
    delete_view_class = ReceptionSessionDeleteView
    icon = "date"
    menu_label = _("Reception days")
    menu_order = 210
    add_to_admin_menu = True
    list_filter = ["page", "date"]
    list_per_page = 50
    ordering = ["-date", "-start_time"]

    @property
    def list_display(self):
        return [
            TitleColumn("__str__", label=_("Session"), url_name=self.get_url_name("edit")),
            Column("place", label=_("Place")),
            TitleColumn(
                "booked_count",
                label=_("Bookings"),
                get_url=lambda session: reverse("grid_reception_admin:session_bookings", args=[session.pk]),
            ),
            Column("places_left", label=_("Free")),
        ]

    def get_queryset(self, request):
        return ReceptionSession.objects.with_counts()


register_snippet(ReceptionSessionViewSet)


@hooks.register("register_admin_urls")
def register_reception_admin_urls():
    urls = [path("sessions/<int:pk>/bookings/", admin_views.session_bookings, name="session_bookings")]
    return [path("reception/", include((urls, "grid_reception_admin")))]


@hooks.register("grid_page_sections")
@volatile_section  # the free places: a booking renders this section again, not the others
def upcoming_reception_sessions(page, request):
    """The next sessions on the campus home (all of its reception pages) and on a community page
    (its own), both from the landmarks the sections share; the sessions from the site's kept
    ones (``section_sessions``): no query."""
    if isinstance(page, CommunityPageMixin):
        # Its own reception pages are among the landmarks the sections share (no query).
        pages = sorted((p for p in landmarks_of(page, ReceptionPage) if p.depth == page.depth + 1), key=lambda p: p.path)
    elif not isinstance(page, (GridPageMixin, ReceptionPage)) and page.depth == 2:
        pages = landmarks_below(page, ReceptionPage)
    else:
        return None
    if not pages:
        return None
    return Section(
        "grid_reception/includes/upcoming_section.html",
        {"reception_pages": pages, "sessions": section_sessions(pages)},
        order=60,
    )


# At most this many upcoming sessions are read for the whole site (below); past that, each
# page reads its own.
KEPT_SESSIONS = 1000


def _site_upcoming_sessions(now, _language):
    # Their page's translation key, not the page: the section picks by it and links to the
    # reception pages themselves (landmarks).
    sessions = ReceptionSession.objects.upcoming(now).with_counts().select_related(None).select_related("leader")
    return at_most(sessions.annotate(page_key=F("page__translation_key")), KEPT_SESSIONS)


# The site's upcoming sessions with their free places, their texts in each language: read once
# per page-cache generation and time-driven change (a session ending); a booking, volatile
# (GRID_PAGES_PAGECACHE_VOLATILE_MODELS), bumps the generation only: every_write.
_kept_sessions = UntilNextChange(_site_upcoming_sessions, every_write=True)


def section_sessions(pages, now=None):
    """The next sessions of reception ``pages`` (any language's: sessions hang on the source
    page), soonest first, from the site's kept ones (shared, read only), or one query."""
    keys = {p.translation_key for p in pages}
    kept = _kept_sessions.get_if_installed(now, translation_language())
    if kept is None:
        return list(ReceptionSession.objects.filter(page__translation_key__in=keys).upcoming(now).with_counts()[:SECTION_LIMIT])
    return [session for session in kept if session.page_key in keys][:SECTION_LIMIT]


@hooks.register("before_delete_page")
def refuse_deleting_booked_sessions(request, page):
    """Bookings are kept as a record (on_delete=PROTECT): refuse to delete a page
    whose reception sessions have any, with a message instead of an error."""
    booked = Booking.objects.filter(session__page__path__startswith=page.path).select_related("session").first()
    if booked is None:
        return None
    messages.error(
        request,
        gettext("“%(page)s” cannot be deleted: the session “%(session)s” has bookings.")
        % {"page": page.title, "session": booked.session},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("page_cache_next_change")
def next_session_change(now):
    """A session moves to the past when it ends; the calendar feed drops one FEED_PAST_DAYS later."""
    local = now.astimezone(RECEPTION_TZ)
    ending = ReceptionSession.objects.filter(
        Q(date__gt=local.date()) | Q(date=local.date(), end_time__gt=local.time())
    ).order_by("date", "end_time")
    feed_start = local.date() - timedelta(days=FEED_PAST_DAYS)
    return Soonest(
        _session_moment,
        # The first session to end, as its day and end (one ordering, so one session's).
        ending_date=ending.values("date"),
        ending_time=ending.values("end_time"),
        oldest=ReceptionSession.objects.filter(date__gte=feed_start).order_by("date").values("date"),
    )


def _session_moment(ending_date, ending_time, oldest):
    moments = []
    if ending_date is not None:
        moments.append(datetime.combine(ending_date, ending_time, tzinfo=RECEPTION_TZ))
    if oldest is not None:
        moments.append(datetime.combine(oldest + timedelta(days=FEED_PAST_DAYS + 1), time(), tzinfo=RECEPTION_TZ))
    return min(moments) if moments else None
