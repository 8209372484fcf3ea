"""Hours, external claims, transcripts and CE: thin views over services."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kaptraining.core.parsing import parse_id, parse_whole_number
from kaptraining.curriculum.models import ProgramCategoryRequirement, ProgramPage

from . import ce
from .exports import is_stale, transcript_export_request
from .forms import (
    AttendanceForm,
    CEEvaluationForm,
    ClaimDecisionForm,
    ExternalHoursForm,
    ReversalForm,
)
from .models import (
    CEActivity,
    CECertificate,
    CEParticipation,
    ClaimStatus,
    ExternalHoursClaim,
    LedgerEntry,
    TranscriptExport,
)
from .pdf import render_pdf
from .permissions import can_view_cohort, can_view_trainee, staff_or_404
from .progress import program_progress
from .services import (
    external_hours_approve,
    external_hours_reject,
    external_hours_submit,
    ledger_reverse,
)
from .transcripts import ce_broker_roster_csv, cohort_transcript_csv, transcript_for

REFRESH_SECONDS = 3


def _program_for_trainee(user, program_id):
    """A program the user is (or was) enrolled in; anything else is a 404."""
    from cohorts.models import Enrolment

    program = get_object_or_404(
        ProgramPage.objects.prefetch_related(
            Prefetch(
                "category_requirements",
                queryset=ProgramCategoryRequirement.objects.order_by("sort_order"),
            )
        ),
        pk=program_id,
    )
    if not Enrolment.objects.filter(trainee=user, cohort__program=program).exists():
        raise Http404
    return program


@login_required
def my_hours(request, program_id):
    """The trainee's own ledger, claims and progress in one program."""
    program = _program_for_trainee(request.user, program_id)
    progress = program_progress(
        trainee_id=request.user.pk, trainee=request.user, program=program
    )
    entries = list(
        LedgerEntry.objects.for_program(request.user.pk, program.pk)
        .select_related("approved_by")
        .order_by("earned_on", "pk")
    )
    claims = ExternalHoursClaim.objects.filter(trainee=request.user, program=program)
    return render(
        request,
        "credits/my_hours.html",
        {
            "program": program,
            "progress": progress,
            "entries": entries,
            "claims": claims,
        },
    )


@login_required
def external_submit(request, program_id):
    program = _program_for_trainee(request.user, program_id)
    form = ExternalHoursForm(
        request.POST or None, request.FILES or None, program=program
    )
    if request.method == "POST":
        if form.is_valid():
            external_hours_submit(
                trainee=request.user,
                program=program,
                category=form.cleaned_data["category"],
                minutes=form.minutes,
                activity_title=form.cleaned_data["activity_title"],
                provider_name=form.cleaned_data["provider_name"],
                earned_on=form.cleaned_data["earned_on"],
                evidence=form.cleaned_data["evidence"],
            )
            messages.success(
                request, _("Thank you. Your hours are pending review by staff.")
            )
            return redirect("credits:my_hours", program_id=program.pk)
        return render(
            request,
            "credits/external_form.html",
            {"form": form, "program": program},
            status=400,
        )
    return render(
        request, "credits/external_form.html", {"form": form, "program": program}
    )


@login_required
def claim_evidence(request, pk):
    """The evidence file, to its owner and staff only."""
    claim = get_object_or_404(ExternalHoursClaim, pk=pk)
    if not (request.user.is_staff or claim.trainee_id == request.user.pk):
        raise Http404
    name = claim.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(claim.evidence.open("rb"), as_attachment=True, filename=name)


@login_required
def review_list(request):
    staff_or_404(request.user)
    pending = ExternalHoursClaim.objects.filter(
        status=ClaimStatus.PENDING
    ).select_related("trainee", "program")
    recent = (
        ExternalHoursClaim.objects.exclude(status=ClaimStatus.PENDING)
        .select_related("trainee", "program", "decided_by")
        .order_by("-decided_at")[:20]
    )
    return render(
        request, "credits/review_list.html", {"pending": pending, "recent": recent}
    )


@login_required
def review_detail(request, pk):
    staff_or_404(request.user)
    claim = get_object_or_404(
        ExternalHoursClaim.objects.select_related("trainee", "program", "decided_by"),
        pk=pk,
    )
    form = ClaimDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if claim.status != ClaimStatus.PENDING:
            messages.error(request, _("This claim has already been decided."))
            status = 409
        elif form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    external_hours_approve(
                        claim_id=claim.pk,
                        by=request.user,
                        message=form.cleaned_data["message"],
                    )
                    messages.success(
                        request,
                        _(
                            "Approved: the hours now count towards "
                            "the trainee's requirement."
                        ),
                    )
                else:
                    external_hours_reject(
                        claim_id=claim.pk,
                        by=request.user,
                        message=form.cleaned_data["message"],
                    )
                    messages.success(request, _("The trainee will see your message."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                status = 409
            else:
                return redirect("credits:review_list")
        else:
            status = 400
    return render(
        request,
        "credits/review_detail.html",
        {"claim": claim, "form": form},
        status=status,
    )


@login_required
def entry_reverse(request, pk):
    """Staff correct the ledger with a reversing entry and a reason."""
    staff_or_404(request.user)
    entry = get_object_or_404(
        LedgerEntry.objects.select_related("trainee", "program"), pk=pk
    )
    form = ReversalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                ledger_reverse(
                    entry=entry, reason=form.cleaned_data["reason"], by=request.user
                )
            except ValueError as exc:
                messages.error(request, str(exc))
                status = 409
            else:
                messages.success(
                    request, _("The entry was reversed. The original stays on record.")
                )
                return redirect("credits:trainee_transcript", user_id=entry.trainee_id)
        else:
            status = 400
    return render(
        request,
        "credits/entry_reverse.html",
        {"entry": entry, "form": form},
        status=status,
    )


# --- Transcripts -------------------------------------------------------------------


def _trainee_for(request, user_id):
    if user_id is None:
        return request.user
    trainee = get_object_or_404(get_user_model(), pk=user_id)
    if not can_view_trainee(request.user, trainee):
        raise Http404
    return trainee


def _attach_verifiable(ce_certificates) -> None:
    """Give each CE certificate its verifiable certificate from the
    certificates app (award key "ce:<activity id>"), in one query: the valid
    one if there is one, else the newest. None while its task has not run."""
    from kaptraining.certificates.models import Certificate, CertificateStatus

    ce_certificates = list(ce_certificates)
    if not ce_certificates:
        return
    found = {}
    for cert in Certificate.objects.filter(
        trainee_id__in={c.trainee_id for c in ce_certificates},
        award_key__in={f"ce:{c.activity_id}" for c in ce_certificates},
    ).order_by("-issued_at", "-pk"):
        key = (cert.trainee_id, cert.award_key)
        best = found.get(key)
        if best is None or (
            best.status != CertificateStatus.VALID
            and cert.status == CertificateStatus.VALID
        ):
            found[key] = cert
    for c in ce_certificates:
        c.verifiable = found.get((c.trainee_id, f"ce:{c.activity_id}"))


@login_required
def transcript(request, user_id=None):
    trainee = _trainee_for(request, user_id)
    t = transcript_for(trainee)
    _attach_verifiable(t.ce_certificates)
    return render(request, "credits/transcript.html", {"transcript": t})


def _export_program(request, trainee):
    """The optional program of an export: one the trainee has hours or an
    enrolment in. Returns (program or None, error message or "")."""
    from cohorts.models import Enrolment

    raw = (request.POST.get("program") or "").strip()
    if not raw:
        return None, ""
    program = None
    if program_id := parse_id(raw):
        program = ProgramPage.objects.filter(pk=program_id).first()
    if program is None or not (
        Enrolment.objects.filter(trainee=trainee, cohort__program=program).exists()
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


@login_required
def cohort_transcript(request, cohort_id):
    from cohorts.models import Cohort

    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=cohort_id)
    if not can_view_cohort(request.user, cohort):
        raise Http404
    response = HttpResponse(
        cohort_transcript_csv(cohort), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="cohort-{cohort.pk}-transcript.csv"'
    )
    return response


# --- CE credit -----------------------------------------------------------------------


@login_required
def my_ce(request):
    participations = list(
        CEParticipation.objects.filter(trainee=request.user)
        .select_related("activity", "certificate")
        .order_by("-activity__start_date")
    )
    _attach_verifiable(p.certificate for p in participations if _has_cert(p))
    rows = [{"participation": p, "status": ce.award_status(p)} for p in participations]
    return render(request, "credits/my_ce.html", {"rows": rows})


def _has_cert(participation) -> bool:
    try:
        return participation.certificate is not None
    except CECertificate.DoesNotExist:
        return False


@login_required
def ce_evaluation(request, pk):
    participation = get_object_or_404(
        CEParticipation.objects.select_related("activity"), pk=pk
    )
    if participation.trainee_id != request.user.pk:
        raise Http404
    if participation.evaluation_submitted_at is not None:
        messages.info(
            request, _("You have already submitted the evaluation for this activity.")
        )
        return redirect("credits:my_ce")
    form = CEEvaluationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            ce.ce_evaluation_submit(
                participation_id=participation.pk, answers=form.cleaned_data
            )
            messages.success(request, _("Thank you for your evaluation."))
            return redirect("credits:my_ce")
        return render(
            request,
            "credits/ce_evaluation.html",
            {"form": form, "participation": participation},
            status=400,
        )
    return render(
        request,
        "credits/ce_evaluation.html",
        {"form": form, "participation": participation},
    )


def _ce_certificate_for(request, number):
    certificate = get_object_or_404(
        CECertificate.objects.select_related("activity"), number=number
    )
    if not (request.user.is_staff or certificate.trainee_id == request.user.pk):
        raise Http404
    return certificate


@login_required
def ce_certificate(request, number):
    certificate = _ce_certificate_for(request, number)
    _attach_verifiable([certificate])
    return render(request, "credits/ce_certificate.html", {"certificate": certificate})


@login_required
def ce_certificate_pdf(request, number):
    certificate = _ce_certificate_for(request, number)
    data = render_pdf("credits/ce_certificate_pdf.html", {"certificate": certificate})
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return response


@login_required
def ce_activities(request):
    """Staff: every CE activity with its roster and CE Broker export."""
    staff_or_404(request.user)
    activities = CEActivity.objects.annotate(
        participants=Count("participations", distinct=True),
        awarded=Count("certificates", distinct=True),
    ).order_by("-start_date", "title")
    return render(request, "credits/ce_activities.html", {"activities": activities})


@login_required
def ce_roster(request, pk):
    """Staff: add participants, verify attendance and record post-test scores."""
    staff_or_404(request.user)
    activity = get_object_or_404(CEActivity, pk=pk)
    status = 200
    if request.method == "POST":
        status = _ce_roster_post(request, activity)
        if status == 302:
            return redirect("credits:ce_roster", pk=activity.pk)
    participations = (
        CEParticipation.objects.filter(activity=activity)
        .select_related("trainee", "certificate", "activity")
        .order_by("trainee__last_name", "trainee__email")
    )
    rows = [{"participation": p, "status": ce.award_status(p)} for p in participations]
    return render(
        request,
        "credits/ce_roster.html",
        {"activity": activity, "rows": rows},
        status=status,
    )


def _ce_roster_post(request, activity) -> int:
    action = request.POST.get("action")
    if action == "add":
        email = (request.POST.get("email") or "").strip().lower()
        trainee = get_user_model().objects.filter(email=email).first()
        if trainee is None:
            messages.error(request, _("No account uses that e-mail address."))
            return 400
        ce.ce_participation_open(activity=activity, trainee=trainee)
        messages.success(
            request, _("%(name)s was added.") % {"name": trainee.display_name}
        )
        return 302
    participation = CEParticipation.objects.filter(
        activity=activity, pk=parse_id(request.POST.get("participation"))
    ).first()
    if participation is None:
        messages.error(request, _("That participant is not on this roster."))
        return 400
    if action == "attendance":
        form = AttendanceForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Enter the minutes attended as a whole number, 0 or more.")
            )
            return 400
        ce.ce_attendance_verify(
            participation_id=participation.pk,
            attended_minutes=form.cleaned_data["attended_minutes"],
            by=request.user,
        )
        messages.success(request, _("Attendance recorded."))
        return 302
    if action == "post_test":
        try:
            score = parse_whole_number(request.POST.get("score"), maximum=100)
            if score is None:
                raise ValueError("score")
            ce.ce_post_test_record(
                participation_id=participation.pk, score_percent=score
            )
        except (ValueError, ValidationError):
            messages.error(
                request, _("Enter the post-test score as a percentage from 0 to 100.")
            )
            return 400
        messages.success(request, _("Post-test score recorded."))
        return 302
    messages.error(request, _("Unknown action."))
    return 400


@login_required
def ce_broker_export(request, pk):
    staff_or_404(request.user)
    activity = get_object_or_404(CEActivity, pk=pk)
    response = HttpResponse(
        ce_broker_roster_csv(activity), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ce-broker-activity-{activity.pk}.csv"'
    )
    return response
