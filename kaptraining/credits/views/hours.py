"""A trainee's hours and external claims; staff review of claims and
ledger corrections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kaptraining.accounts.relationships import may_decide_for_trainee
from kaptraining.curriculum.models import ProgramCategoryRequirement, ProgramPage

from ..enrolments import enrolment_facts
from ..forms import (
    ClaimDecisionForm,
    ExternalHoursForm,
    ReversalForm,
)
from ..models import (
    ClaimStatus,
    ExternalHoursClaim,
    LedgerEntry,
)
from ..permissions import staff_or_404
from ..progress import program_progress
from ..services import (
    external_hours_approve,
    external_hours_reject,
    external_hours_submit,
    ledger_reverse,
)


def _program_for_trainee(user, program_id):
    """A program the user is (or was) enrolled in; anything else is a 404."""
    program = get_object_or_404(
        ProgramPage.objects.prefetch_related(
            Prefetch(
                "category_requirements",
                queryset=ProgramCategoryRequirement.objects.order_by("sort_order"),
            )
        ),
        pk=program_id,
    )
    if not enrolment_facts(trainee_ids=[user.pk], program_id=program.pk):
        raise Http404
    return program


@login_required
def my_hours(request, program_id):
    """The trainee's own ledger, claims and progress in one program."""
    program = _program_for_trainee(request.user, program_id)
    progress = program_progress(
        trainee_id=request.user.pk, trainee=request.user, program=program, cached=True
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
    """The evidence file, to its owner and whoever may decide the claim."""
    claim = get_object_or_404(
        ExternalHoursClaim.objects.select_related("trainee"), pk=pk
    )
    if not (
        claim.trainee_id == request.user.pk
        or may_decide_for_trainee(request.user, claim.trainee)
    ):
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
