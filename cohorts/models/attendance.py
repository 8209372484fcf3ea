"""Attendance at live sessions and the per-program rule that turns it into credit."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaptraining.core.append_only import append_only


class CreditRuleKind(models.TextChoices):
    PROPORTIONAL = "proportional", _("In proportion to minutes attended")
    STEPS = "steps", _("In steps: minutes attended rounded down to a step")
    HOUR_FORFEIT = "hour_forfeit", _("Whole hours: missing too much forfeits an hour")


class CreditRule(models.Model):
    """How attendance becomes credit in one program (accreditors reduce credit
    for late arrival or early departure). Without a rule, 15-minute steps."""

    program = models.OneToOneField(
        "curriculum.ProgramPage", on_delete=models.PROTECT, related_name="credit_rule"
    )
    kind = models.CharField(
        max_length=16, choices=CreditRuleKind.choices, default=CreditRuleKind.STEPS
    )
    step_minutes = models.PositiveIntegerField(
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("For step rules: credit is given in multiples of this."),
    )
    forfeit_after_minutes = models.PositiveIntegerField(
        default=15,
        validators=[MaxValueValidator(59)],
        help_text=_(
            "For whole-hour rules: missing more than this in an hour "
            "forfeits that hour."
        ),
    )
    late_grace_minutes = models.PositiveIntegerField(
        default=5,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "Joining or leaving within this margin still counts as present "
            "when attendance is imported."
        ),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(step_minutes__gte=1), name="credit_step_positive"
            ),
            models.CheckConstraint(
                condition=Q(forfeit_after_minutes__lt=60), name="forfeit_below_hour"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.program})"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    LEFT_EARLY = "left_early", _("Left early")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class AttendanceSource(models.TextChoices):
    MANUAL = "manual", _("Marked by a trainer")
    IMPORT = "import", _("Video-meeting import")


class AttendanceQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class Attendance(models.Model):
    """One marking of a trainee at a session. Rows are appended, never edited
    in place or deleted: a correction is a new current row, and the old one
    keeps its values with is_current=False."""

    session = models.ForeignKey(
        "cohorts.LiveSession", on_delete=models.PROTECT, related_name="attendances"
    )
    enrolment = models.ForeignKey(
        "cohorts.Enrolment", on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(max_length=12, choices=AttendanceStatus.choices)
    minutes_attended = models.PositiveIntegerField()
    credited_minutes = models.PositiveIntegerField(default=0)
    rule = models.CharField(max_length=200, blank=True)
    source = models.CharField(
        max_length=8, choices=AttendanceSource.choices, default=AttendanceSource.MANUAL
    )
    note = models.CharField(max_length=300, blank=True)
    ledger_entry = models.OneToOneField(
        "credits.LedgerEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    is_current = models.BooleanField(default=True)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["session", "enrolment", "-marked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"],
                condition=Q(is_current=True),
                name="one_current_attendance",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["absent", "excused"])
                | Q(minutes_attended=0, credited_minutes=0),
                name="absent_has_no_minutes",
            ),
        ]
        # A correction supersedes: the old row only stops being current and
        # its credit link is filled in once.
        triggers = append_only(
            "attendance",
            frozen=[
                "session",
                "enrolment",
                "status",
                "minutes_attended",
                "credited_minutes",
                "rule",
                "source",
                "note",
                "supersedes",
                "marked_by",
                "marked_at",
            ],
            set_once=("ledger_entry",),
            never_back={"is_current": True},
        )

    def __str__(self):
        return f"{self.enrolment} at {self.session}: {self.status}"

    def delete(self, *args, **kwargs):
        raise ValidationError(
            _("Attendance is never deleted; record a correction instead.")
        )


class AttendanceImport(models.Model):
    """An uploaded video-meeting report, parsed and awaiting the trainer's
    review. Rows are kept as parsed (JSON) with how each was matched."""

    session = models.ForeignKey(
        "cohorts.LiveSession", on_delete=models.PROTECT, related_name="imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} for {self.session}"


class MarkingStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Saving")
    DONE = "done", _("Saved")
    FAILED = "failed", _("Stopped")


class AttendanceMarking(models.Model):
    """A large marking (a whole cohort, a meeting report) saved by a task in
    batches. `done` is the cursor into `marks`: each batch and its cursor
    commit together, so a redelivered task resumes where the last one ended."""

    session = models.ForeignKey(
        "cohorts.LiveSession", on_delete=models.PROTECT, related_name="markings"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    attendance_import = models.OneToOneField(
        AttendanceImport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="marking",
    )
    # [{"enrolment_id", "status", "minutes", "source", "note"}, ...] in order.
    marks = models.JSONField(default=list)
    total = models.PositiveIntegerField()
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=8, choices=MarkingStatus.choices, default=MarkingStatus.QUEUED
    )
    error = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="marking_done_le_total"
            ),
            models.CheckConstraint(
                condition=Q(changed__lte=models.F("done")),
                name="marking_changed_le_done",
            ),
        ]

    def __str__(self):
        return f"Marking of {self.total} at {self.session_id}"

    @property
    def is_finished(self) -> bool:
        return self.status in (MarkingStatus.DONE, MarkingStatus.FAILED)

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 100
