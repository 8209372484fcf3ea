"""Observational practicums: sites, placements and signed-off session logs.

No client-identifying information is ever stored here (see identifiers.py)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from kaptraining.accounts.states import US_STATES


class SiteKind(models.TextChoices):
    CLINIC = "clinic", _("Clinic")
    PRACTICE = "practice", _("Private practice")


class ObservationMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote observation")
    BOTH = "both", _("In person or remote")


class PracticumSiteQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def supervised_by(self, user):
        return self.filter(supervisors=user)


class PracticumSite(ClusterableModel):
    """A clinic or practice where trainees observe real KAP sessions."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=SiteKind.choices, default=SiteKind.CLINIC
    )
    address = models.CharField(_("street address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100)
    state = models.CharField(_("state"), max_length=2, choices=US_STATES)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    mode = models.CharField(
        _("observation"),
        max_length=16,
        choices=ObservationMode.choices,
        default=ObservationMode.IN_PERSON,
    )
    description = models.TextField(
        _("what trainees observe"), blank=True, max_length=2000
    )
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="supervised_sites",
        limit_choices_to={"is_supervisor": True},
        verbose_name=_("supervisors with an account"),
        help_text=_(
            "Users with the practicum supervisor role who "
            "sign off entries for this site."
        ),
    )
    is_active = models.BooleanField(_("accepting trainees"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PracticumSiteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.city}, {self.state})"


class ExternalSupervisor(models.Model):
    """A supervisor without an account: signs off through a signed one-time link."""

    site = ParentalKey(
        PracticumSite, on_delete=models.CASCADE, related_name="external_supervisors"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "email"], name="one_external_supervisor_per_email"
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class SiteCapacity(models.Model):
    """How many trainees of one cohort a site takes. No row: no places."""

    site = ParentalKey(
        PracticumSite, on_delete=models.CASCADE, related_name="capacities"
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="practicum_capacities"
    )
    places = models.PositiveIntegerField(_("places"), default=2)

    class Meta:
        ordering = ["cohort__start_date"]
        verbose_name_plural = _("site capacities")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "cohort"], name="one_capacity_per_site_cohort"
            ),
        ]

    def __str__(self):
        return f"{self.places} places for {self.cohort}"


class PlacementStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")

    HOLDING_A_PLACE: list[str]


PlacementStatus.HOLDING_A_PLACE = ["requested", "confirmed", "completed"]


class PlacementQuerySet(models.QuerySet):
    def holding_a_place(self):
        return self.filter(status__in=PlacementStatus.HOLDING_A_PLACE)


class Placement(models.Model):
    """A trainee at a site for a time window. Never deleted: status changes."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="placements"
    )
    site = models.ForeignKey(
        PracticumSite, on_delete=models.PROTECT, related_name="placements"
    )
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="placements"
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    status = models.CharField(
        max_length=16,
        choices=PlacementStatus.choices,
        default=PlacementStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="placement_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["trainee", "site", "cohort"],
                condition=Q(status__in=["requested", "confirmed"]),
                name="one_open_placement_per_site",
            ),
        ]

    def __str__(self):
        return f"{self.trainee} at {self.site.name}"

    @property
    def can_log(self) -> bool:
        return self.status in (PlacementStatus.CONFIRMED, PlacementStatus.COMPLETED)


class Phase(models.TextChoices):
    SCREENING = "screening", _("Screening and assessment")
    PREPARATION = "preparation", _("Preparation")
    DOSING = "dosing", _("Dosing session")
    INTEGRATION = "integration", _("Integration")


class Route(models.TextChoices):
    IV = "iv", _("IV infusion")
    IM = "im", _("Intramuscular")
    INTRANASAL = "intranasal", _("Intranasal (esketamine)")
    SUBLINGUAL = "sublingual", _("Oral / sublingual lozenge")
    NOT_APPLICABLE = "n_a", _("Not applicable (no dosing in this session)")


class ObserverRole(models.TextChoices):
    OBSERVER = "observer", _("Observer")
    CO_FACILITATOR = "co_facilitator", _("Co-facilitator")


class LogStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting sign-off")
    SIGNED_OFF = "signed_off", _("Signed off")
    RETURNED = "returned", _("Returned with a comment")
    REVISED = "revised", _("Replaced by a revision")


class PracticumLogQuerySet(models.QuerySet):
    def for_supervisor(self, user):
        return self.filter(placement__site__supervisors=user)

    def awaiting_signoff(self):
        return self.filter(status=LogStatus.SUBMITTED)


MAX_SESSION_MINUTES = 8 * 60


class PracticumLog(models.Model):
    """One observed session. Never deleted; a returned entry is revised by a
    new row that points back at it."""

    placement = models.ForeignKey(
        Placement, on_delete=models.PROTECT, related_name="logs"
    )
    session_date = models.DateField(_("date of the session"))
    minutes = models.PositiveIntegerField(_("duration (minutes)"))
    phase = models.CharField(_("session phase"), max_length=16, choices=Phase.choices)
    route = models.CharField(
        _("route of administration"), max_length=16, choices=Route.choices
    )
    role = models.CharField(_("your role"), max_length=16, choices=ObserverRole.choices)
    reflection = models.TextField(_("reflection"), max_length=4000)
    status = models.CharField(
        max_length=16, choices=LogStatus.choices, default=LogStatus.SUBMITTED
    )
    revises = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revised_by",
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_by_external = models.ForeignKey(
        ExternalSupervisor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_comment = models.TextField(
        _("supervisor's comment"), blank=True, max_length=2000
    )
    # The current one-time sign-off link carries this value; using or
    # re-issuing the link replaces it, so an old link can never be used again.
    link_nonce = models.CharField(max_length=32, blank=True, editable=False)

    objects = PracticumLogQuerySet.as_manager()

    class Meta:
        ordering = ["-session_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0, minutes__lte=MAX_SESSION_MINUTES),
                name="practicum_minutes_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(review_comment=""),
                name="practicum_return_has_comment",
            ),
        ]

    def __str__(self):
        return f"{self.get_phase_display()} on {self.session_date} ({self.minutes} min)"

    def clean(self):
        if self.minutes is not None and not 0 < self.minutes <= MAX_SESSION_MINUTES:
            raise ValidationError(
                {"minutes": _("A session lasts between 1 minute and 8 hours.")}
            )

    @property
    def trainee(self):
        return self.placement.trainee

    @property
    def reviewer_name(self) -> str:
        if self.reviewed_by_id:
            return self.reviewed_by.display_name
        if self.reviewed_by_external_id:
            return self.reviewed_by_external.name
        return ""
