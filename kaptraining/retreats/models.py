"""Retreat trainings: the published page, its dated runs (each backed by a
cohort, so enrolment, payment, waitlist, attendance, ledger and certificates
are the cohort's), room types, and registrations with what running a
residential training needs."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from kaptraining.core.hours import format_hours


class RetreatPage(Page):
    """A residential training as published: venue, photos, days, logistics,
    policies and the CE statement; its runs are listed from RetreatRun."""

    program = models.ForeignKey(
        "curriculum.ProgramPage",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The program whose hours the retreat days credit."),
    )
    summary = models.CharField(max_length=300, blank=True)
    body = RichTextField(blank=True)
    venue_name = models.CharField(_("venue"), max_length=200)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    daily_schedule = RichTextField(_("daily schedule"), blank=True)
    what_to_bring = RichTextField(_("what to bring"), blank=True)
    travel = RichTextField(_("travel and airport transfer"), blank=True)
    venue_accessibility = RichTextField(_("accessibility of the venue"), blank=True)
    cancellation_policy = RichTextField(_("cancellation and refund policy"), blank=True)
    ce_minutes = models.PositiveIntegerField(
        _("CE hours (in minutes)"),
        default=0,
        help_text=_("32 hours is 1920 minutes. Shown with the CE statement."),
    )
    ce_statement = models.TextField(
        _("CE hours statement"),
        blank=True,
        help_text=_("The approval statement required by the CE provider."),
    )
    day_minutes = models.PositiveIntegerField(
        _("credited minutes per day"),
        default=480,
        help_text=_("Program hours credited for attending one whole retreat day."),
    )
    consent_required = models.BooleanField(
        _("experiential component needs consent"), default=False
    )
    consent_text = models.TextField(
        _("consent statement"),
        blank=True,
        help_text=_("What a registrant agrees to when the experiential part needs it."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("program"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("venue_name"), FieldPanel("venue_address")],
            heading=_("Venue"),
        ),
        InlinePanel("photos", label=_("Photos")),
        FieldPanel("daily_schedule"),
        FieldPanel("what_to_bring"),
        FieldPanel("travel"),
        FieldPanel("venue_accessibility"),
        FieldPanel("cancellation_policy"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("ce_minutes"), FieldPanel("day_minutes")]),
                FieldPanel("ce_statement"),
            ],
            heading=_("Hours"),
        ),
        MultiFieldPanel(
            [FieldPanel("consent_required"), FieldPanel("consent_text")],
            heading=_("Experiential component"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("venue_name"),
    ]
    parent_page_types = ["pages.HomePage"]
    subpage_types: list[str] = []
    template = "retreats/retreat_page.html"

    class Meta:
        verbose_name = _("retreat")

    @property
    def ce_hours(self) -> str:
        return format_hours(self.ce_minutes)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["runs"] = runs_for_page(self)
        return context


class RetreatPhoto(Orderable):
    page = ParentalKey(RetreatPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    caption = models.CharField(max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]


class RetreatRun(ClusterableModel):
    """One dated run of a retreat, backed by a cohort (dates, capacity,
    status, price, enrolments, live sessions: one per retreat day)."""

    page = models.ForeignKey(RetreatPage, on_delete=models.PROTECT, related_name="runs")
    cohort = models.OneToOneField(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="retreat_run"
    )
    check_in_from = models.TimeField(_("check-in from"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("page"),
        FieldPanel("cohort"),
        FieldPanel("check_in_from"),
        InlinePanel("room_types", label=_("Room types"), min_num=1),
    ]

    class Meta:
        ordering = ["cohort__start_date"]
        permissions = [
            (
                "view_sensitive",
                _("Can see registrants' dietary, accessibility and emergency details"),
            ),
        ]

    def __str__(self):
        return str(self.cohort)


class RoomKind(models.TextChoices):
    SHARED = "shared", _("Shared room")
    SINGLE = "single", _("Single room")
    OFFSITE = "offsite", _("Off-site (own lodging)")


class RoomType(Orderable):
    """A kind of lodging on one run: how many places it has and what it adds
    to the tuition (priced through payments' one quote)."""

    run = ParentalKey(RetreatRun, on_delete=models.CASCADE, related_name="room_types")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=RoomKind.choices)
    capacity = models.PositiveIntegerField(help_text=_("Beds (or off-site places)."))
    price_cents = models.PositiveIntegerField(
        _("lodging price (cents)"),
        default=0,
        help_text=_("For the whole stay, added to the tuition. 120000 is $1,200.00."),
    )
    description = models.CharField(max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("price_cents")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["run", "name"], name="room_type_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def places_left(self) -> int:
        """Needs the `taken` annotation (runs_for_page, the registration form)."""
        return max(0, self.capacity - self.taken)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("Waitlisted")
    CANCELLED = "cancelled", _("Cancelled")
    TRANSFERRED = "transferred", _("Transferred to another run")


OPEN_REGISTRATION = [RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]

# Cleared by the purge task RETREAT_SENSITIVE_RETENTION_DAYS after the run ends.
SENSITIVE_FIELDS = (
    "dietary_needs",
    "allergies",
    "accessibility_needs",
    "emergency_contact_name",
    "emergency_contact_phone",
)


class RetreatRegistration(models.Model):
    """A person's registration for one run: the room they hold (or wait
    for), the cohort enrolment that carries payment and hours, and the
    logistics the venue needs."""

    run = models.ForeignKey(
        RetreatRun, on_delete=models.PROTECT, related_name="registrations"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="retreat_registrations",
    )
    # A cancelled registration keeps its enrolment; registering again revives
    # that same enrolment, so only one open registration may hold it.
    enrolment = models.ForeignKey(
        "cohorts.Enrolment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="retreat_registrations",
    )
    room_type = models.ForeignKey(
        RoomType, on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    transferred_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dietary_needs = models.TextField(_("dietary needs"), blank=True)
    allergies = models.TextField(_("allergies"), blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    emergency_contact_name = models.CharField(
        _("emergency contact"), max_length=200, blank=True
    )
    emergency_contact_phone = models.CharField(
        _("emergency contact phone"), max_length=40, blank=True
    )
    arrival_at = models.DateTimeField(_("arrival"))
    departure_at = models.DateTimeField(_("departure"))
    travel_details = models.CharField(
        _("flight or travel details"), max_length=200, blank=True
    )
    airport_transfer = models.BooleanField(_("needs airport transfer"), default=False)
    consented_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    sensitive_purged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "trainee"],
                condition=Q(status__in=["registered", "waitlisted"]),
                name="one_open_registration_per_run",
            ),
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status__in=["registered", "waitlisted"]),
                name="one_open_registration_per_enrolment",
            ),
            models.CheckConstraint(
                condition=Q(departure_at__gt=models.F("arrival_at")),
                name="registration_departs_after_arrival",
            ),
        ]
        indexes = [models.Index(fields=["room_type", "status"])]

    def __str__(self):
        return f"{self.trainee} at {self.run}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REGISTRATION


class RetreatMessage(models.Model):
    """An e-mail staff sent to everyone registered (or waitlisted) for a run;
    kept so the same message is never sent twice and staff see what went."""

    run = models.ForeignKey(
        RetreatRun, on_delete=models.PROTECT, related_name="messages"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject


def runs_for_page(page: RetreatPage):
    """A page's published runs (not draft or cancelled), with their cohort
    and room types with places taken, in three queries."""

    rooms = RoomType.objects.annotate(
        taken=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.REGISTERED),
        )
    ).order_by("sort_order", "pk")
    return list(
        RetreatRun.objects.filter(page=page)
        .exclude(cohort__status__in=["draft", "cancelled"])
        .select_related("cohort")
        .prefetch_related(Prefetch("room_types", queryset=rooms))
        .order_by("cohort__start_date")
    )
