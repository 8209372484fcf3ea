"""The hour ledger: one immutable row per credited activity."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaptraining.core.append_only import append_only
from kaptraining.core.categories import Category


class Source(models.TextChoices):
    LESSON = "lesson", _("Lesson")
    QUIZ = "quiz", _("Quiz")
    ATTENDANCE = "attendance", _("Live session attendance")
    PRACTICUM = "practicum", _("Practicum log")
    MENTORSHIP = "mentorship", _("Mentorship meeting")
    EXTERNAL = "external", _("External CE")
    ADJUSTMENT = "adjustment", _("Staff adjustment")
    CE_ACTIVITY = "ce_activity", _("CE activity")
    CONSENT_PRACTICE = "consent_practice", _("Assessed consent practice")


class LedgerEntryQuerySet(models.QuerySet):
    def for_program(self, trainee_id, program_id):
        return self.filter(trainee_id=trainee_id, program_id=program_id)


class LedgerEntry(models.Model):
    """Credited minutes. Rows are never updated or deleted; a correction is a
    new row that reverses an earlier one (negative minutes, with a reason)."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    category = models.CharField(max_length=32, choices=Category.choices)
    minutes = models.IntegerField()
    source = models.CharField(max_length=16, choices=Source.choices)
    source_id = models.CharField(
        max_length=64, help_text=_("Id of the row that earned the credit.")
    )
    description = models.CharField(max_length=300)
    rule = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The credit rule or page revision that produced it."),
    )
    earned_on = models.DateField(default=timezone.localdate)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    reason = models.CharField(max_length=300, blank=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["trainee", "program", "category"])]
        constraints = [
            # One credit per source activity: a second run is harmless.
            models.UniqueConstraint(
                fields=["trainee", "program", "source", "source_id"],
                condition=Q(reverses__isnull=True),
                name="one_credit_per_source",
            ),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True, minutes__gt=0)
                | Q(reverses__isnull=False, minutes__lt=0),
                name="credit_positive_reversal_negative",
            ),
            models.CheckConstraint(
                condition=Q(reverses__isnull=True) | ~Q(reason=""),
                name="reversal_has_reason",
            ),
            # Nobody approves their own hours (issue 15).
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | ~Q(approved_by=models.F("trainee")),
                name="ledger_approver_not_trainee",
            ),
        ]
        # PostgreSQL refuses any UPDATE or DELETE (save() and delete() below
        # refuse them on every database).
        triggers = append_only(
            "ledger",
            frozen=[
                "trainee",
                "program",
                "category",
                "minutes",
                "source",
                "source_id",
                "description",
                "rule",
                "earned_on",
                "approved_by",
                "created_at",
                "reverses",
                "reason",
            ],
        )

    def __str__(self):
        return f"{self.minutes} min {self.category} for {self.trainee_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValidationError(
                _("Ledger entries cannot be changed; add a reversing entry instead.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(
            _("Ledger entries are never deleted; add a reversing entry instead.")
        )
