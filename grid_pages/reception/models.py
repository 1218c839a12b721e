"""Leadership reception days (院级领导接待日): a page per campus or community, its sessions, and bookings.

A session offers EITHER a number of places (``capacity``) OR time slots of
``slot_minutes`` each. Slots are stored as rows, derived from start, end and
length by ``ReceptionSession.sync_slots()`` whenever the session is saved, so
that the database can guarantee one active booking per slot.
"""

import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from ..conf import get_page_model
from ..extensions import COMMUNITY, parent_types
from ..models import StaffMember
from ..signals import content_changed
from ..slugs import AsciiSlugMixin
from ..translations import TEXT_PREFIX, TextTranslation, TranslatedTextsMixin, annotate_texts

# The site's base page model (WAGTAIL_PAGE_MODEL may swap Wagtail's Page).
Page = get_page_model()

# Sessions happen on a campus in China: their times mean Beijing time whatever the server's zone.
RECEPTION_TZ = ZoneInfo("Asia/Shanghai")

# No 0/O, 1/I/L: codes are read aloud over the phone and copied from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_booking_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code):
    """ABCD-EFGH, grouped as case codes are: easier to read aloud and copy. Display only:
    ``normalise_code`` accepts it with or without the dash."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def normalise_code(code):
    return "".join(str(code).split()).upper().replace("-", "")[:CODE_LENGTH * 2]


def reception_now():
    return timezone.now().astimezone(RECEPTION_TZ)


class ReceptionPage(AsciiSlugMixin, Page):
    """Where a campus or a community publishes its leaders' reception days."""

    grid_subpage = True
    grid_landmark = True  # few per grid level: found by extensions.landmarks
    introduction = RichTextField(_("introduction"), blank=True)

    parent_page_types = parent_types(COMMUNITY, campus=True)
    subpage_types = []
    template = "grid_reception/reception_page.html"

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    archive_limit = 30

    class Meta:
        verbose_name = _("reception day page")
        verbose_name_plural = _("reception day pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Sessions belong to the source page; its translations show the same ones.
        sessions = ReceptionSession.objects.filter(page__translation_key=self.translation_key)
        context["upcoming_sessions"] = list(sessions.upcoming().with_counts())
        context["past_sessions"] = list(
            sessions.past().with_counts().order_by("-date", "-start_time", "-pk")[: self.archive_limit]
        )
        return context


class ReceptionSessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Sessions not yet over (Beijing time), soonest first."""
        now = (now or reception_now()).astimezone(RECEPTION_TZ)
        return self.filter(
            Q(date__gt=now.date()) | Q(date=now.date(), end_time__gt=now.time())
        ).order_by("date", "start_time", "pk")

    def past(self, now=None):
        now = (now or reception_now()).astimezone(RECEPTION_TZ)
        return self.filter(Q(date__lt=now.date()) | Q(date=now.date(), end_time__lte=now.time()))

    def with_counts(self):
        """Leader and page joined; ``slot_count`` and ``booked_count`` annotated (one query)."""
        return self.with_texts().annotate(
            slot_count=Count("slots", distinct=True),
            booked_count=Count("bookings", filter=Q(bookings__cancelled_at__isnull=True), distinct=True),
        )

    def with_texts(self):
        """Leader and page joined, the session's and its leader's texts in the active language."""
        sessions = annotate_texts(self.select_related("leader", "page"), ReceptionSession, "pk", TEXT_PREFIX)
        return annotate_texts(sessions, StaffMember, "leader_id", LEADER_TEXT_PREFIX)


LEADER_TEXT_PREFIX = "leader_text_"


class ReceptionSession(TranslatedTextsMixin, ClusterableModel):
    """One leader receiving students at one place and time; the leader's position, the place
    and the topics may be given in other languages (``translations``)."""

    translated_fields = ("leader_position", "place", "topics")

    page = models.ForeignKey(
        ReceptionPage, verbose_name=_("reception day page"), on_delete=models.CASCADE, related_name="sessions"
    )
    leader = models.ForeignKey(
        StaffMember,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reception_sessions",
        help_text=_("Optional: name and position are taken from here when left empty below."),
    )
    leader_name = models.CharField(_("leader's name"), max_length=60, blank=True)
    leader_position = models.CharField(_("leader's position"), max_length=120, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), help_text=_("Beijing time."))
    end_time = models.TimeField(_("end time"), help_text=_("Beijing time."))
    place = models.CharField(_("place"), max_length=200)
    topics = models.TextField(_("topics"), blank=True, help_text=_("What students may bring up."))
    capacity = models.PositiveSmallIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty when booking by time slot.")
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"),
        null=True,
        blank=True,
        help_text=_("e.g. 15: students book one slot each. Leave empty when booking by places."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReceptionSessionQuerySet.as_manager()

    panels = [
        PageChooserPanel("page", page_type="grid_reception.ReceptionPage"),
        MultiFieldPanel(
            [FieldPanel("leader"), FieldPanel("leader_name"), FieldPanel("leader_position")], heading=_("Leader")
        ),
        FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("place"),
        FieldPanel("topics"),
        MultiFieldPanel(
            [FieldPanel("capacity"), FieldPanel("slot_minutes")],
            heading=_("Booking"),
            help_text=_("Fill in either the number of places or the slot length, not both."),
        ),
        InlinePanel(
            "translations",
            heading=_("Translations"),
            label=_("translation"),
            help_text=_("The position, place and topics in another language; left empty, pages show them as above."),
        ),
    ]

    class Meta:
        verbose_name = _("reception session")
        verbose_name_plural = _("reception sessions")
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="grid_reception_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=(Q(capacity__isnull=False) & Q(slot_minutes__isnull=True))
                | (Q(capacity__isnull=True) & Q(slot_minutes__isnull=False)),
                name="grid_reception_session_places_or_slots",
            ),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.start_time:%H:%M} {self.display_name}"

    @property
    def display_name(self):
        return self.leader_name or (self.leader.name if self.leader_id else "")

    @property
    def display_position(self):
        own = self.shown("leader_position")
        if own or not self.leader_id:
            return own
        return getattr(self, f"{LEADER_TEXT_PREFIX}position", None) or self.leader.shown_position

    @property
    def shown_place(self):
        return self.shown("place")

    @property
    def shown_topics(self):
        return self.shown("topics")

    @property
    def starts_at(self):
        return datetime.combine(self.date, self.start_time, tzinfo=RECEPTION_TZ)

    @property
    def ends_at(self):
        return datetime.combine(self.date, self.end_time, tzinfo=RECEPTION_TZ)

    @property
    def uses_slots(self):
        return bool(self.slot_minutes)

    def is_over(self, now=None):
        return (now or timezone.now()) >= self.ends_at

    @property
    def places_left(self):
        """Free places or free slots; needs ``with_counts()`` (or counts on the fly)."""
        booked = getattr(self, "booked_count", None)
        if booked is None:
            booked = self.bookings.active().count()
        if self.uses_slots:
            total = getattr(self, "slot_count", None)
            if total is None:
                total = self.slots.count()
        else:
            total = self.capacity or 0
        return max(total - booked, 0)

    def clean(self):
        super().clean()
        errors = {}
        if not (self.leader_name or self.leader_id):
            errors["leader_name"] = _("Choose a leader or type the leader's name.")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The session must end after it starts.")
        if (self.capacity is None) == (self.slot_minutes is None):
            errors["capacity"] = _("Fill in either the number of places or the slot length, not both.")
        elif self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("A session needs at least one place.")
        elif self.slot_minutes is not None and self.start_time and self.end_time:
            if self.slot_minutes < 1 or not self.planned_slots():
                errors["slot_minutes"] = _("The slot is longer than the session.")
        if errors:
            raise ValidationError(errors)

    def planned_slots(self):
        """(start, end) times of the slots that fit between start and end; a short remainder is dropped."""
        if not self.slot_minutes or self.slot_minutes < 1:
            return []
        step = timedelta(minutes=self.slot_minutes)
        start = datetime.combine(self.date, self.start_time)
        end = datetime.combine(self.date, self.end_time)
        slots = []
        while start + step <= end:
            slots.append((start.time(), (start + step).time()))
            start += step
        return slots

    def sync_slots(self):
        """Make the stored slots match the session's times and slot length.

        Slots that anyone ever booked stay (bookings keep their history); the others
        are replaced. Called by ``save()``.
        """
        planned = self.planned_slots()
        existing = {slot.starts: slot for slot in self.slots.annotate(n=Count("bookings"))}
        keep = {start for start, _end in planned}
        stale = [s.pk for start, s in existing.items() if start not in keep and s.n == 0]
        if stale:
            ReceptionSlot.objects.filter(pk__in=stale).delete()
        new = [
            ReceptionSlot(session=self, starts=start, ends=end)
            for start, end in planned
            if start not in existing
        ]
        ReceptionSlot.objects.bulk_create(new)
        for start, slot in existing.items():
            ends = dict(planned).get(start)
            if ends and slot.ends != ends:
                ReceptionSlot.objects.filter(pk=slot.pk).update(ends=ends)
        # bulk_create and update() send no model signals: say that free places may have changed.
        content_changed.send(sender=ReceptionSlot)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.sync_slots()


class ReceptionSessionTranslation(TextTranslation):
    """A session's texts in one other language."""

    session = ParentalKey(ReceptionSession, on_delete=models.CASCADE, related_name="translations")
    leader_position = models.CharField(_("leader's position"), max_length=120, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    topics = models.TextField(_("topics"), blank=True)

    panels = [TextTranslation.locale_panel, FieldPanel("leader_position"), FieldPanel("place"), FieldPanel("topics")]

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["session", "locale"], name="grid_reception_one_translation_per_language")
        ]


class ReceptionSlot(models.Model):
    """A bookable stretch of a slotted session (derived rows; see ``sync_slots``)."""

    session = models.ForeignKey(ReceptionSession, on_delete=models.CASCADE, related_name="slots")
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["starts"]
        constraints = [
            models.UniqueConstraint(fields=["session", "starts"], name="grid_reception_one_slot_per_start")
        ]

    def __str__(self):
        return f"{self.starts:%H:%M}–{self.ends:%H:%M}"


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(cancelled_at__isnull=True)


class Booking(models.Model):
    """A student's place at a session; cancelling stamps ``cancelled_at`` and keeps the row."""

    session = models.ForeignKey(
        ReceptionSession, verbose_name=_("session"), on_delete=models.PROTECT, related_name="bookings"
    )
    slot = models.ForeignKey(
        ReceptionSlot,
        verbose_name=_("time slot"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    name = models.CharField(_("name"), max_length=40)
    student_number = models.CharField(_("student number"), max_length=20)
    room = models.CharField(_("room"), max_length=30)
    topic = models.TextField(_("topic"), max_length=500)
    # Optional: where the confirmation (code and calendar file) and a cancellation are sent.
    email = models.EmailField(_("email"), blank=True)
    # The language the student booked in, for the mails about the booking.
    language = models.CharField(_("language"), max_length=10, blank=True, editable=False)
    code = models.CharField(_("confirmation code"), max_length=CODE_LENGTH, unique=True)
    created_at = models.DateTimeField(_("booked at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["session", "slot__starts", "created_at", "pk"]
        constraints = [
            # Second guard behind the locked check in services.book().
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(cancelled_at__isnull=True, slot__isnull=False),
                name="grid_reception_one_active_booking_per_slot",
            ),
            models.UniqueConstraint(
                fields=["session", "student_number"],
                condition=Q(cancelled_at__isnull=True),
                name="grid_reception_one_active_booking_per_student",
            ),
        ]

    def __str__(self):
        return f"{self.display_code} {self.name}"

    @property
    def display_code(self):
        return format_code(self.code)

    @property
    def is_active(self):
        return self.cancelled_at is None
