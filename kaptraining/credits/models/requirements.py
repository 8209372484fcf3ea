"""Requirement records beyond hours: per-program item settings, per-trainee
window extensions, sign-offs of non-hour items, and external-hour claims."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaptraining.core.categories import Category
from kaptraining.core.storage import private_storage


class ProgramRequirementSettings(models.Model):
    """Which non-hour items a program requires. A program without a row
    requires the registry's defaults (see credits/checks.py)."""

    program = models.OneToOneField(
        "curriculum.ProgramPage",
        on_delete=models.CASCADE,
        related_name="requirement_settings",
    )
    required_items = models.JSONField(
        _("required items"),
        default=list,
        blank=True,
        help_text=_(
            "Items a trainee must complete besides hours before certification."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("program requirement settings")
        verbose_name_plural = _("program requirement settings")

    def __str__(self):
        return str(_("Requirements for %(program)s") % {"program": self.program})


class WindowExtension(models.Model):
    """A trainee's completion window, extended with a reason. Kept, never
    edited: the latest row for a trainee and program is the one that applies."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="window_extensions",
    )
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="window_extensions",
    )
    ends_on = models.DateField(
        _("hours count until"), help_text=_("The new last day, inclusive.")
    )
    reason = models.CharField(_("reason"), max_length=300)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="extension_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.trainee} until {self.ends_on}"


class RequirementSignOff(models.Model):
    """Staff (or another app) record that a non-hour item is done, or a later
    correction that it is not. The latest row per item applies."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="requirement_signoffs",
    )
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="requirement_signoffs",
    )
    item = models.CharField(_("item"), max_length=40)
    passed = models.BooleanField(_("done"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["trainee", "program", "item"])]

    def __str__(self):
        return f"{self.item} {'done' if self.passed else 'not done'} for {self.trainee}"


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not accepted")


def _evidence_path(instance, filename):
    stamp = f"{timezone.now():%Y%m%d%H%M%S}"
    return f"external-hours/{instance.trainee_id}/{stamp}-{filename[-80:]}"


class ExternalHoursClaim(models.Model):
    """Hours earned elsewhere, submitted with evidence. Approval credits the
    ledger (source "external"); rejection carries a message to the trainee."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="external_hours_claims",
    )
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        on_delete=models.PROTECT,
        related_name="external_hours_claims",
    )
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    minutes = models.PositiveIntegerField(_("minutes"))
    activity_title = models.CharField(_("activity title"), max_length=200)
    provider_name = models.CharField(_("provider"), max_length=200)
    earned_on = models.DateField(_("date completed"))
    evidence = models.FileField(
        _("evidence"), storage=private_storage, upload_to=_evidence_path
    )
    status = models.CharField(
        max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_message = models.CharField(
        _("message to the trainee"), max_length=500, blank=True
    )
    ledger_entry = models.OneToOneField(
        "credits.LedgerEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="external_claim",
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0), name="claim_minutes_positive"
            ),
            models.CheckConstraint(
                condition=Q(status="approved", ledger_entry__isnull=False)
                | (~Q(status="approved") & Q(ledger_entry__isnull=True)),
                name="claim_approved_iff_credited",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_message=""),
                name="claim_rejection_has_message",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="claim_decided_when_not_pending",
            ),
        ]

    def __str__(self):
        return f"{self.activity_title} ({self.minutes} min, {self.status})"
