"""Delivery: cohorts (one run of a program) and enrolments."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaptraining.accounts.models import TIME_ZONES
from kaptraining.credits.windows import (
    JoinWindow,
    completion_window_for,
    window_if_joined,
)


class CohortStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for enrolment")
    FULL = "full", _("Full")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class CohortFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")
    RETREAT = "retreat", _("Retreat")


class Admission(models.TextChoices):
    DIRECT = "direct", _("Direct enrolment (first come, first served)")
    APPLICATION = "application", _("By application, reviewed by staff")


class CohortQuerySet(models.QuerySet):
    def open_for_enrolment(self):
        return self.filter(status=CohortStatus.OPEN, program__live=True)

    def with_seats_taken(self):
        """Places held by enrolments plus places reserved by open waitlist offers."""
        from .admissions import OfferStatus, SeatOffer

        offers = (
            SeatOffer.objects.filter(
                application__cohort=OuterRef("pk"), status=OfferStatus.OPEN
            )
            .order_by()
            .values("application__cohort")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            seats_enrolled=Count(
                "enrolments",
                filter=Q(enrolments__status__in=EnrolmentStatus.HOLDING_A_SEAT),
            ),
            seats_offered=Coalesce(Subquery(offers), 0),
        ).annotate(seats_taken=models.F("seats_enrolled") + models.F("seats_offered"))

    def for_trainer(self, user):
        return self.filter(trainers=user)

    def visible_to_manager(self, user):
        """Cohorts a user may run: staff see all, trainers only their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(trainers=user)


class Cohort(models.Model):
    program = models.ForeignKey(
        "curriculum.ProgramPage", on_delete=models.PROTECT, related_name="cohorts"
    )
    name = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField()
    timezone = models.CharField(
        max_length=64,
        default="America/New_York",
        choices=[(tz, tz) for tz in TIME_ZONES],
        help_text=_("Live session times are entered in this time zone."),
    )
    format = models.CharField(
        max_length=16, choices=CohortFormat.choices, default=CohortFormat.ONLINE
    )
    venue = models.CharField(
        max_length=300, blank=True, help_text=_("For in-person and retreat cohorts.")
    )
    capacity = models.PositiveIntegerField(default=24)
    status = models.CharField(
        max_length=16, choices=CohortStatus.choices, default=CohortStatus.DRAFT
    )
    admission = models.CharField(
        max_length=16,
        choices=Admission.choices,
        default=Admission.DIRECT,
        help_text=_(
            "By application: trainees apply and staff accept, wait-list or decline."
        ),
    )
    waitlist_offer_hours = models.PositiveIntegerField(
        _("hours to answer a waitlist offer"),
        default=72,
        help_text=_(
            "When a place frees up, the next wait-listed trainee has this "
            "long to take it before it passes on."
        ),
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="trained_cohorts"
    )
    tuition_cents = models.PositiveIntegerField(
        _("tuition (cents)"),
        default=0,
        help_text=_("In minor units: 450000 is $4,500.00."),
    )
    currency = models.CharField(max_length=3, default="usd")
    created_at = models.DateTimeField(auto_now_add=True)
    # Self-paced (a home-study course): enrol any time while the cohort is
    # open; each trainee's access period (the program's window) starts on the
    # day their enrolment is activated, not on the cohort's start date.
    self_paced = models.BooleanField(
        _("self-paced"),
        default=False,
        help_text=_(
            "A home-study course: trainees enrol any time and study at their own "
            "pace; their access period starts when their enrolment is confirmed."
        ),
    )

    # Enrolment follows the calendar: a cohort stops taking enrolments at its
    # start, or at this date when set (late joiners' windows start on the day
    # they join; see cohorts.registrations).
    late_join_until = models.DateField(
        _("late joining until"),
        null=True,
        blank=True,
        help_text=_(
            "Optional: trainees may still enrol after the start, up to and "
            "including this date; their completion window starts on the day "
            "they join. Leave empty to stop enrolments at the start."
        ),
    )

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="cohort_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(waitlist_offer_hours__gte=1), name="offer_window_positive"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)

    def seats_left(self) -> int:
        taken = getattr(self, "seats_taken", None)
        if taken is None:
            taken = seats_taken(self.pk)
        return max(0, self.capacity - taken)

    @property
    def is_open(self) -> bool:
        return self.status == CohortStatus.OPEN

    @property
    def by_application(self) -> bool:
        return self.admission == Admission.APPLICATION

    def clean(self):
        super().clean()
        late = self.late_join_until
        if late and self.start_date and self.end_date:
            if not self.start_date <= late <= self.end_date:
                raise ValidationError(
                    {
                        "late_join_until": _(
                            "Late joining must end between the cohort's start "
                            "and end dates."
                        )
                    }
                )

    def local_today(self) -> datetime.date:
        """Today in the cohort's time zone (its calendar decides)."""
        return timezone.localtime(timezone.now(), self.tzinfo).date()

    def takes_enrolments_on(self, day: datetime.date | None = None) -> bool:
        """THE calendar rule for joining: self-paced cohorts always; others
        before their start, or up to `late_join_until` when set."""
        if self.self_paced:
            return True
        day = day or self.local_today()
        if day < self.start_date:
            return True
        return self.late_join_until is not None and day <= self.late_join_until

    def is_late_join_on(self, day: datetime.date | None = None) -> bool:
        """Joining today would be after the start (window starts on join day)."""
        day = day or self.local_today()
        return not self.self_paced and day >= self.start_date

    def window_if_joined_on(self, day: datetime.date | None = None) -> JoinWindow:
        """The completion window a trainee joining on `day` would get, and
        whether its pace is implausible (credits.windows decides)."""
        day = day or self.local_today()
        starts_on = (
            day if self.self_paced or self.is_late_join_on(day) else self.start_date
        )
        return window_if_joined(program=self.program, starts_on=starts_on, today=day)

    def has_started(self, day: datetime.date | None = None) -> bool:
        day = day or self.local_today()
        return day >= self.start_date


def seats_taken(cohort_id: int) -> int:
    """Enrolments holding a place plus open waitlist offers (two counts)."""
    from .admissions import OfferStatus, SeatOffer

    enrolled = Enrolment.objects.filter(
        cohort_id=cohort_id, status__in=EnrolmentStatus.HOLDING_A_SEAT
    ).count()
    offered = SeatOffer.objects.filter(
        application__cohort_id=cohort_id, status=OfferStatus.OPEN
    ).count()
    return enrolled + offered


class EnrolmentStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Awaiting payment")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    # Statuses that hold a place in the cohort (class attribute, not a choice).
    HOLDING_A_SEAT: list[str]


EnrolmentStatus.HOLDING_A_SEAT = ["pending_payment", "active", "completed"]


class EnrolmentQuerySet(models.QuerySet):
    def studying(self):
        return self.filter(
            status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED]
        )


class Enrolment(models.Model):
    """A trainee's place in a cohort. Never deleted: withdrawal is a status."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="enrolments"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        max_length=20,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.PENDING_PAYMENT,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    # When the trainee confirmed they understood the time left in their
    # window is short for the program's hours (credits.windows.implausible_pace).
    short_window_consent_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "trainee"], name="one_enrolment_per_cohort"
            ),
        ]

    def __str__(self):
        return f"{self.trainee} in {self.cohort}"

    @property
    def is_active(self) -> bool:
        return self.status in (EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED)

    @property
    def window_ends(self) -> datetime.date | None:
        """The last day this trainee's hours count in the program (extensions
        included), or None without a current enrolment there. credits.windows
        decides; this only asks."""
        window = completion_window_for(
            trainee_id=self.trainee_id, program=self.cohort.program
        )
        return window.ends_on if window else None

    def window_if_paid_on(self, day: datetime.date | None = None) -> JoinWindow:
        """The completion window this place runs in once paid for on `day`,
        dated as the enrolment facts date it (cohorts.registrations): a
        self-paced place from its activation, a late joiner's from the day
        they joined, any other from the cohort's start; and whether its pace
        is implausible (credits.windows decides)."""
        cohort = self.cohort
        day = day or cohort.local_today()
        if cohort.self_paced:
            starts_on = day
        elif cohort.late_join_until is not None and self.created_at is not None:
            joined = timezone.localtime(self.created_at, cohort.tzinfo).date()
            starts_on = max(cohort.start_date, joined)
        else:
            starts_on = cohort.start_date
        return window_if_joined(program=cohort.program, starts_on=starts_on, today=day)
