"""Mentorship: mentor profiles, pairing rounds, pairs, meetings, recommendations."""

import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaptraining.accounts.models import TIME_ZONES, LicenceType, Profession
from kaptraining.accounts.states import US_STATES


class FocusKind(models.TextChoices):
    SPECIALITY = "speciality", _("Speciality")
    POPULATION = "population", _("Population")


class FocusArea(models.Model):
    """A speciality (e.g. "end-of-life distress") or a population (e.g.
    "veterans"); mentors offer them and trainees ask for them."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=FocusKind.choices,
        default=FocusKind.SPECIALITY,
    )

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class Language(models.Model):
    code = models.CharField(
        _("code"), max_length=12, unique=True, help_text=_("e.g. en, es, vi")
    )
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MentorProfileQuerySet(models.QuerySet):
    def available(self):
        return self.filter(is_active=True, capacity__gt=0, user__is_active=True)


class MentorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentor_profile",
        limit_choices_to={"is_mentor": True},
    )
    profession = models.CharField(
        _("profession"), max_length=32, choices=Profession.choices
    )
    licence_type = models.CharField(
        _("licence"), max_length=32, choices=LicenceType.choices
    )
    licence_state = models.CharField(
        _("licence state"), max_length=2, choices=US_STATES, blank=True
    )
    specialities = models.ManyToManyField(
        FocusArea,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": FocusKind.SPECIALITY},
        verbose_name=_("specialities"),
    )
    populations = models.ManyToManyField(
        FocusArea,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": FocusKind.POPULATION},
        verbose_name=_("populations served"),
    )
    languages = models.ManyToManyField(
        Language, related_name="mentors", verbose_name=_("languages")
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/New_York",
        choices=[(tz, tz) for tz in TIME_ZONES],
    )
    availability = models.CharField(
        _("availability"),
        max_length=300,
        blank=True,
        help_text=_("For example: Tuesday and Thursday evenings."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("how many trainees at a time"), default=3
    )
    bio = models.TextField(_("short bio"), max_length=1500, blank=True)
    is_active = models.BooleanField(_("taking mentees"), default=True)

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__lte=20), name="mentor_capacity_at_most_20"
            ),
        ]

    def __str__(self):
        return self.user.display_name

    @property
    def utc_offset_hours(self) -> float:
        offset = timezone.now().astimezone(zoneinfo.ZoneInfo(self.timezone)).utcoffset()
        return offset.total_seconds() / 3600 if offset else 0.0


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open: trainees state preferences")
    CLOSED = "closed", _("Closed")


class PairingRound(models.Model):
    """One pairing exercise over a cohort."""

    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, related_name="pairing_rounds"
    )
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        max_length=16, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    preferences_due = models.DateField(_("preferences due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class Importance(models.TextChoices):
    ANY = "any", _("Does not matter")
    PREFER = "prefer", _("Preferred")
    REQUIRE = "require", _("Required")


class TraineePreference(models.Model):
    round = models.ForeignKey(
        PairingRound, on_delete=models.CASCADE, related_name="preferences"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentor_preferences",
    )
    profession_match = models.CharField(
        _("a mentor of my own profession"),
        max_length=8,
        choices=Importance.choices,
        default=Importance.PREFER,
    )
    required_language = models.ForeignKey(
        Language,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("language the mentor must speak"),
    )
    languages = models.ManyToManyField(
        Language,
        blank=True,
        related_name="+",
        verbose_name=_("other languages I am happy to meet in"),
    )
    timezone_match = models.CharField(
        _("a mentor in a nearby time zone (within 3 hours)"),
        max_length=8,
        choices=Importance.choices,
        default=Importance.PREFER,
    )
    focus_areas = models.ManyToManyField(
        FocusArea,
        blank=True,
        related_name="+",
        verbose_name=_("specialities and populations I want to focus on"),
    )
    preferred_mentors = models.ManyToManyField(
        MentorProfile,
        blank=True,
        related_name="+",
        verbose_name=_("mentors I would like (optional)"),
    )
    notes = models.TextField(
        _("anything else staff should know"), max_length=1000, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "trainee"], name="one_preference_per_round"
            ),
        ]

    def __str__(self):
        return f"{self.trainee} in {self.round}"


class PairStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    SUPERSEDED = "superseded", _("Replaced by a new run")

    CURRENT: list[str]


PairStatus.CURRENT = ["proposed", "active"]


class MadeBy(models.TextChoices):
    ALGORITHM = "algorithm", _("Pairing run")
    STAFF = "staff", _("Staff")
    TRAINER = "trainer", _("The cohort's trainer")


class PairQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status__in=PairStatus.CURRENT)

    def active(self):
        return self.filter(status=PairStatus.ACTIVE)

    def for_member(self, user):
        return self.filter(Q(trainee=user) | Q(mentor__user=user))


class Pair(models.Model):
    """A trainee and a mentor. Pairs are never deleted: a re-run supersedes
    proposed pairs, a re-match ends an active one."""

    round = models.ForeignKey(
        PairingRound, on_delete=models.PROTECT, related_name="pairs"
    )
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_pairs"
    )
    mentor = models.ForeignKey(
        MentorProfile, on_delete=models.PROTECT, related_name="pairs"
    )
    status = models.CharField(
        max_length=16, choices=PairStatus.choices, default=PairStatus.PROPOSED
    )
    locked = models.BooleanField(
        _("locked"),
        default=False,
        help_text=_("Kept as it is when pairing is run again."),
    )
    made_by = models.CharField(
        max_length=16, choices=MadeBy.choices, default=MadeBy.ALGORITHM
    )
    score = models.IntegerField(default=0)
    # Why the pair was made: [{"part": code, "label": text, "points": n}, ...]
    score_parts = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)

    objects = PairQuerySet.as_manager()

    class Meta:
        ordering = ["round", "trainee__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "trainee"],
                condition=Q(status__in=["proposed", "active"]),
                name="one_current_pair",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_at__isnull=False),
                name="ended_pair_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.trainee} with {self.mentor}"

    def is_member(self, user) -> bool:
        return user.pk in (self.trainee_id, self.mentor.user_id)


class MeetingFormat(models.TextChoices):
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone call")
    IN_PERSON = "in_person", _("In person")


class MeetingStatus(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Not confirmed")


MAX_MEETING_MINUTES = 240


class MentorMeeting(models.Model):
    """Logged by one side, confirmed by the other; only then credited."""

    pair = models.ForeignKey(Pair, on_delete=models.PROTECT, related_name="meetings")
    met_on = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"))
    format = models.CharField(
        _("format"),
        max_length=16,
        choices=MeetingFormat.choices,
        default=MeetingFormat.VIDEO,
    )
    topics = models.TextField(_("topics"), max_length=2000)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.AWAITING
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    response_comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-met_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0, minutes__lte=MAX_MEETING_MINUTES),
                name="meeting_minutes_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.minutes} min on {self.met_on}"


class PlannedStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class PlannedMeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Planned (not cancelled) and not yet started: past ones drop off."""
        return self.filter(
            status=PlannedStatus.PLANNED, starts_at__gt=now or timezone.now()
        )


class PlannedMeeting(models.Model):
    """A meeting one side of a pair proposes for a date and time; the other
    sees it on their pages and is notified. A cancelled one stays, as a
    record; what happened is logged separately as a MentorMeeting."""

    pair = models.ForeignKey(
        Pair, on_delete=models.PROTECT, related_name="planned_meetings"
    )
    starts_at = models.DateTimeField(_("date and time"))
    format = models.CharField(
        _("format"),
        max_length=16,
        choices=MeetingFormat.choices,
        default=MeetingFormat.VIDEO,
    )
    note = models.CharField(
        _("note (a link, a place, what to prepare)"), max_length=300, blank=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=PlannedStatus.choices, default=PlannedStatus.PLANNED
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlannedMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="planned", cancelled_at__isnull=True)
                | Q(status="cancelled", cancelled_at__isnull=False),
                name="planned_meeting_cancel_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["pair", "starts_at"],
                condition=Q(status="planned"),
                name="planned_meeting_upcoming",
            )
        ]

    def __str__(self):
        return f"Meeting planned for {self.starts_at:%Y-%m-%d %H:%M}"


class RematchStatus(models.TextChoices):
    OPEN = "open", _("Open")
    GRANTED = "granted", _("Granted: pair ended")
    DECLINED = "declined", _("Declined")


class RematchRequest(models.Model):
    pair = models.ForeignKey(
        Pair, on_delete=models.PROTECT, related_name="rematch_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=1000)
    status = models.CharField(
        max_length=16, choices=RematchStatus.choices, default=RematchStatus.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    staff_note = models.CharField(
        _("note to the requester"), max_length=500, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair"],
                condition=Q(status="open"),
                name="one_open_rematch_per_pair",
            ),
        ]

    def __str__(self):
        return f"Re-match request for {self.pair}"


class RecommendationChoice(models.TextChoices):
    RECOMMEND = "recommend", _("I recommend certification")
    RESERVATIONS = "reservations", _("I recommend certification with reservations")
    NOT_YET = "not_yet", _("I do not recommend certification yet")


class Recommendation(models.Model):
    """The mentor's end-of-program recommendation for one mentee."""

    pair = models.OneToOneField(
        Pair, on_delete=models.PROTECT, related_name="recommendation"
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=16, choices=RecommendationChoice.choices
    )
    statement = models.TextField(_("statement"), max_length=4000)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Recommendation for {self.pair.trainee}"
