"""Transcripts: the page, PDF exports built by a task, and their downloads."""


from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kaptraining.core.parsing import parse_id
from kaptraining.curriculum.models import ProgramPage

from ..awards import verifiable_awards
from ..enrolments import enrolment_facts
from ..exports import is_stale, transcript_export_request
from ..models import (
    LedgerEntry,
    TranscriptExport,
)
from ..permissions import can_view_trainee
from ..transcripts import transcript_for

REFRESH_SECONDS = 3


def _trainee_for(request, user_id):
    if user_id is None:
        return request.user
    trainee = get_object_or_404(get_user_model(), pk=user_id)
    if not can_view_trainee(request.user, trainee):
        raise Http404
    return trainee


def _attach_verifiable(ce_certificates) -> None:
    """Give each CE certificate its verifiable certificate from the app that
    issues them (award key "ce:<activity id>"), in one query; None while its
    task has not run."""
    ce_certificates = list(ce_certificates)
    keys = [(c.trainee_id, f"ce:{c.activity_id}") for c in ce_certificates]
    found = verifiable_awards(keys)
    for c, key in zip(ce_certificates, keys, strict=True):
        c.verifiable = found.get(key)


@login_required
def transcript(request, user_id=None):
    trainee = _trainee_for(request, user_id)
    t = transcript_for(trainee)
    _attach_verifiable(t.ce_certificates)
    return render(request, "credits/transcript.html", {"transcript": t})


def _export_program(request, trainee):
    """The optional program of an export: one the trainee has hours or an
    enrolment in. Returns (program or None, error message or "")."""
    raw = (request.POST.get("program") or "").strip()
    if not raw:
        return None, ""
    program = None
    if program_id := parse_id(raw):
        program = ProgramPage.objects.filter(pk=program_id).first()
    if program is None or not (
        enrolment_facts(trainee_ids=[trainee.pk], program_id=program.pk)
        or LedgerEntry.objects.filter(trainee=trainee, program=program).exists()
    ):
        return None, _("Choose one of the programs on this transcript.")
    return program, ""


@login_required
@require_http_methods(["GET", "POST"])
def transcript_pdf(request, user_id=None):
    """POST asks for a PDF, built by a task; GET lists the recent requests."""
    trainee = _trainee_for(request, user_id)
    error = ""
    if request.method == "POST":
        program, error = _export_program(request, trainee)
        if not error:
            export = transcript_export_request(
                trainee=trainee, requested_by=request.user, program=program
            )
            return redirect("credits:transcript_export", pk=export.pk)
    exports = (
        TranscriptExport.objects.filter(trainee=trainee)
        .select_related("requested_by", "program")
        .order_by("-created_at", "-pk")[:10]
    )
    return render(
        request,
        "credits/transcript_exports.html",
        {"trainee": trainee, "exports": exports, "error": error},
        status=400 if error else 200,
    )


def _export_for(request, pk) -> TranscriptExport:
    """An export of a transcript the user may see; 404 for anyone else's."""
    export = get_object_or_404(
        TranscriptExport.objects.select_related("trainee", "program", "requested_by"),
        pk=pk,
    )
    if not can_view_trainee(request.user, export.trainee):
        raise Http404
    return export


@login_required
def transcript_export(request, pk):
    """Where a requested PDF is: being prepared (the page refreshes itself),
    ready to download, or failed with a way to ask again."""
    export = _export_for(request, pk)
    stale = is_stale(export)
    response = render(
        request,
        "credits/transcript_export.html",
        {"export": export, "stale": stale, "refresh_seconds": REFRESH_SECONDS},
    )
    if export.is_pending and not stale:
        # Browsers honour Refresh without JavaScript; the page also has a link.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@login_required
def transcript_export_download(request, pk):
    export = _export_for(request, pk)
    if not export.is_ready:
        return redirect("credits:transcript_export", pk=export.pk)
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    suffix = f"-{slugify(export.program.title)}" if export.program_id else ""
    name = f"transcript-{slugify(export.trainee.display_name)}{suffix}.pdf"
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type="application/pdf"
    )
