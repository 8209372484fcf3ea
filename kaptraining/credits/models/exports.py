"""Transcript PDFs, built by a Celery task on request and kept as records."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaptraining.core.storage import private_storage


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def _export_path(instance, filename):
    return f"transcripts/{instance.trainee_id}/{filename}"


class TranscriptExportQuerySet(models.QuerySet):
    def reusable_for(self, *, trainee_id: int, program_id: int | None, state: dict):
        """Ready exports of the same transcript built from the same records."""
        return self.filter(
            trainee_id=trainee_id,
            program_id=program_id,
            status=ExportStatus.READY,
            ledger_last_entry_id=state["ledger_last_entry_id"],
            ledger_entry_count=state["ledger_entry_count"],
            source_digest=state["source_digest"],
        ).exclude(file="")


class TranscriptExport(models.Model):
    """One request for a transcript PDF: who asked, for whom, and the state of
    the records it was built from. Kept, never deleted by users; a retry is a
    new request, so a failure stays on record."""

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="transcript_exports",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    program = models.ForeignKey(
        "curriculum.ProgramPage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transcript_exports",
        help_text=_("Empty for a transcript of every program."),
    )
    status = models.CharField(
        max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    file = models.FileField(
        storage=private_storage, upload_to=_export_path, blank=True, max_length=200
    )
    # The ledger is append-only, so its newest id and row count identify its
    # state exactly; the digest covers what else the PDF prints (claims,
    # certificates, sign-offs, extensions, the trainee's name and licence, the
    # printing date).
    ledger_last_entry_id = models.PositiveBigIntegerField(null=True, blank=True)
    ledger_entry_count = models.PositiveIntegerField(null=True, blank=True)
    source_digest = models.CharField(max_length=64, blank=True)
    reused_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A ready export of the same records whose file this one serves."),
    )
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = TranscriptExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("transcript export")
        indexes = [
            models.Index(
                fields=["trainee", "program", "status"], name="transcript_export_lookup"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending", finished_at__isnull=True)
                | (~Q(status="pending") & Q(finished_at__isnull=False)),
                name="export_finished_when_not_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status="ready") | ~Q(file=""),
                name="ready_export_has_file",
            ),
        ]

    def __str__(self):
        return f"Transcript of {self.trainee} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == ExportStatus.PENDING

    @property
    def is_ready(self) -> bool:
        return self.status == ExportStatus.READY

    @property
    def is_failed(self) -> bool:
        return self.status == ExportStatus.FAILED
