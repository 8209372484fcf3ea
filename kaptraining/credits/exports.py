"""Transcript PDFs built off the request: a click records a TranscriptExport
and enqueues its build; the task renders the PDF once (or reuses an identical
one) and keeps the file in private storage.

Building is safe to repeat: the export row is locked while it is built and a
finished export is never built again, so a redelivered task does nothing."""

import datetime
import hashlib
import logging
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone

from kaptraining.core.pdf import font_dir_uri, html_to_pdf

from .models import ExportStatus, LedgerEntry, TranscriptExport
from .transcripts import transcript_for

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "credits/transcript_pdf.html"
# A pending export older than this has lost its task (no worker, or a worker
# that died past its retries); the page offers a new request instead of waiting.
STALE_AFTER = datetime.timedelta(minutes=10)


def ledger_state(*, trainee_id: int, program_id: int | None) -> dict:
    """The ledger is append-only: its newest id and row count pin its state."""
    entries = LedgerEntry.objects.filter(trainee_id=trainee_id)
    if program_id is not None:
        entries = entries.filter(program_id=program_id)
    agg = entries.aggregate(last=Max("pk"), count=Count("pk"))
    return {"ledger_last_entry_id": agg["last"], "ledger_entry_count": agg["count"]}


def transcript_html(*, trainee, program=None) -> str:
    """The HTML the PDF is laid out from; a program narrows it to that program."""
    transcript = transcript_for(trainee)
    if program is not None:
        transcript.programs = [
            pt for pt in transcript.programs if pt.program.pk == program.pk
        ]
        transcript.certificates = [
            c for c in transcript.certificates if c.program_id == program.pk
        ]
    return render_to_string(
        PDF_TEMPLATE, {"transcript": transcript, "font_dir": font_dir_uri()}
    )


def is_stale(export: TranscriptExport) -> bool:
    return export.is_pending and timezone.now() - export.created_at > STALE_AFTER


@transaction.atomic
def transcript_export_request(
    *, trainee, requested_by, program=None
) -> TranscriptExport:
    """Record a request for a transcript PDF and enqueue its build after commit.
    A second click while the same person's request is still being prepared
    returns that request rather than queueing another build."""
    from .tasks import transcript_export_build_task

    waiting = (
        TranscriptExport.objects.filter(
            trainee=trainee,
            program=program,
            requested_by=requested_by,
            status=ExportStatus.PENDING,
            created_at__gte=timezone.now() - STALE_AFTER,
        )
        .order_by("-created_at")
        .first()
    )
    if waiting is not None:
        return waiting
    export = TranscriptExport.objects.create(
        trainee=trainee, requested_by=requested_by, program=program
    )
    transcript_export_build_task.delay_on_commit(export.pk)
    return export


def transcript_export_build(*, export_id: int) -> TranscriptExport | None:
    """Build the PDF of a pending export exactly once, or serve the file of a
    ready export built from the same records; finished exports are left alone."""
    with transaction.atomic():
        export = (
            TranscriptExport.objects.select_for_update(of=("self",))
            .select_related("trainee", "program")
            .filter(pk=export_id)
            .first()
        )
        if export is None or not export.is_pending:
            return export
        # The state is read before the transcript, so that a credit landing
        # in between makes the recorded state older than the PDF (a needless
        # rebuild later), never newer (a stale PDF reused).
        state = ledger_state(trainee_id=export.trainee_id, program_id=export.program_id)
        html = transcript_html(trainee=export.trainee, program=export.program)
        state["source_digest"] = hashlib.sha256(html.encode()).hexdigest()
        reusable = (
            TranscriptExport.objects.reusable_for(
                trainee_id=export.trainee_id,
                program_id=export.program_id,
                state=state,
            )
            .exclude(pk=export.pk)
            .order_by("-finished_at")
            .first()
        )
        if reusable is not None and reusable.file.storage.exists(reusable.file.name):
            export.file.name = reusable.file.name
            export.reused_from_id = reusable.reused_from_id or reusable.pk
        else:
            data = html_to_pdf(html)
            # Each build writes a new file, so a second build would show as a
            # second file; a build rolled back after writing (its worker killed
            # mid-commit) leaves an orphan file, never a wrong one.
            name = f"transcript-{export.pk}-{secrets.token_hex(4)}.pdf"
            export.file.save(name, ContentFile(data), save=False)
        for key, value in state.items():
            setattr(export, key, value)
        export.status = ExportStatus.READY
        export.finished_at = timezone.now()
        export.save()
    return export


def transcript_export_fail(*, export_id: int, error: str) -> None:
    """Mark a pending export failed, keeping the reason for staff."""
    TranscriptExport.objects.filter(pk=export_id, status=ExportStatus.PENDING).update(
        status=ExportStatus.FAILED, error=error[:300], finished_at=timezone.now()
    )
