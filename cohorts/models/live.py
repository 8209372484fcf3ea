"""Live sessions of a cohort, their reminders and calendar feeds."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaptraining.core.categories import Category


class SessionKind(models.TextChoices):
    WEBINAR = "webinar", _("Webinar")
    INTENSIVE = "intensive", _("Intensive / retreat day")
    DISCUSSION = "discussion", _("Discussion group")
    BOOK_CLUB = "book_club", _("Book club")
    CONSENT_LAB = "consent_lab", _("Consent-practice lab")
    CONSULTATION = "consultation", _("Group consultation")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class LiveSessionQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(status=SessionStatus.SCHEDULED)

    def for_trainee(self, user):
        """Sessions of cohorts where the user holds a place."""
        from .core import EnrolmentStatus

        return self.filter(
            cohort__enrolments__trainee=user,
            cohort__enrolments__status__in=EnrolmentStatus.HOLDING_A_SEAT,
        )


class LiveSession(models.Model):
    """A scheduled meeting of a cohort. Times are stored in UTC; they are
    entered in the cohort's time zone and shown in the viewer's."""

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="sessions"
    )
    kind = models.CharField(max_length=16, choices=SessionKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(
        max_length=300, blank=True, help_text=_("Venue address for in-person sessions.")
    )
    meeting_url = models.URLField(
        _("meeting link"), blank=True, help_text=_("Shown only to the cohort.")
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facilitated_sessions",
    )
    credited_minutes = models.PositiveIntegerField(
        _("credited minutes"),
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("Credit for full attendance, before the program's credit rule."),
    )
    category = models.CharField(max_length=32, choices=Category.choices)
    status = models.CharField(
        max_length=12, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    cancel_reason = models.CharField(max_length=300, blank=True)
    # iCalendar: the UID never changes; SEQUENCE rises with each change that a
    # calendar client must pick up (time, place, cancellation).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LiveSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(location__gt="") | Q(meeting_url__gt=""),
                name="session_has_place_or_link",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return self.title

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()


class SessionReminder(models.Model):
    """One reminder e-mail per trainee per session start time: a second run of
    the beat task finds the row and sends nothing; a rescheduled session gets a
    fresh reminder."""

    session = models.ForeignKey(
        LiveSession, on_delete=models.CASCADE, related_name="reminders"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "trainee", "starts_at"],
                name="one_reminder_per_start",
            ),
        ]

    def __str__(self):
        return f"Reminder of {self.session_id} to {self.trainee_id}"


class SessionCancellationNotice(models.Model):
    """One cancellation e-mail per trainee per session: cancelling again or a
    redelivered task finds the row and sends nothing."""

    session = models.ForeignKey(
        LiveSession, on_delete=models.CASCADE, related_name="cancellation_notices"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "trainee"], name="one_cancellation_notice"
            ),
        ]

    def __str__(self):
        return f"Cancellation of {self.session_id} to {self.trainee_id}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a trainee's private calendar feed URL; regenerable."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.user}"
