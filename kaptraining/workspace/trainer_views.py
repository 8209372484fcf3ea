"""A trainer's decisions in their own cohorts (OrganisationSettings.
trainers_decide): external hours, practicum logs and mentor pairing. The pages list what
waits; every decision goes through the service staff use, which checks the
trainer's right to decide for that trainee (accounts.relationships) and is
audit-logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaptraining.core.models import organisation_settings
from kaptraining.credits.services import external_hours_approve, external_hours_reject
from kaptraining.mentorship.admin_views import (
    UnknownPairingAction,
    pairing_act,
    pairing_context,
)
from kaptraining.mentorship.models import MadeBy, PairingRound
from kaptraining.mentorship.services import (
    MentorshipError,
    may_pair,
)
from kaptraining.practicums.models import LogStatus, PracticumLog
from kaptraining.practicums.services import (
    PracticumError,
    practicum_log_return,
    practicum_log_sign_off,
)

from .roles import claims_for_trainer


def _logs_for_trainer(user):
    return PracticumLog.objects.filter(
        status=LogStatus.SUBMITTED, placement__cohort__trainers=user
    ).distinct()


def _refused(request):
    return render(request, "workspace/trainer_refused.html", status=403)


@login_required
def claims(request):
    pending = (
        claims_for_trainer(request.user)
        .select_related("trainee", "program")
        .order_by("submitted_at")
    )
    return render(
        request,
        "workspace/trainer_claims.html",
        {"claims": pending, "may_decide": organisation_settings().trainers_decide},
    )


@login_required
@require_POST
def claim_decide(request, pk):
    claim = get_object_or_404(claims_for_trainer(request.user), pk=pk)
    decision = request.POST.get("decision")
    message = request.POST.get("message", "")[:500]
    try:
        if decision == "approve":
            external_hours_approve(claim_id=claim.pk, by=request.user, message=message)
            messages.success(request, _("The hours were approved and credited."))
        elif decision == "reject":
            external_hours_reject(claim_id=claim.pk, by=request.user, message=message)
            messages.success(request, _("The claim was returned with your message."))
        else:
            messages.error(request, _("Choose to approve or reject the claim."))
            return redirect("workspace:trainer_claims")
    except PermissionError:
        return _refused(request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return render(
            request,
            "workspace/trainer_claims.html",
            {
                "claims": claims_for_trainer(request.user).select_related(
                    "trainee", "program"
                ),
                "may_decide": True,
            },
            status=400,
        )
    return redirect("workspace:trainer_claims")


@login_required
def logs(request):
    waiting = _logs_for_trainer(request.user).select_related(
        "placement__trainee", "placement__site", "placement__cohort"
    )
    return render(
        request,
        "workspace/trainer_logs.html",
        {
            "logs": waiting.order_by("session_date", "pk"),
            "may_decide": organisation_settings().trainers_decide,
        },
    )


@login_required
@require_POST
def log_decide(request, pk):
    log = get_object_or_404(_logs_for_trainer(request.user), pk=pk)
    decision = request.POST.get("decision")
    comment = request.POST.get("comment", "")[:2000]
    try:
        if decision == "sign_off":
            practicum_log_sign_off(log=log, by=request.user, comment=comment)
            messages.success(request, _("The log was signed off and credited."))
        elif decision == "return":
            practicum_log_return(log=log, by=request.user, comment=comment)
            messages.success(request, _("The log was returned with your comment."))
        else:
            messages.error(request, _("Choose to sign off or return the log."))
    except PracticumError as exc:
        if not organisation_settings().trainers_decide:
            return _refused(request)
        messages.error(request, str(exc))
        response = logs(request)
        response.status_code = 400
        return response
    return redirect("workspace:trainer_logs")


# -- mentor pairing in my cohorts --------------------------------------------


def _rounds_for_trainer(user):
    return PairingRound.objects.filter(cohort__trainers=user).select_related("cohort")


def _pairing_page(request, round_, *, status=200, assign_form=None):
    return render(
        request,
        "workspace/trainer_pairing.html",
        {
            **pairing_context(round_, assign_form=assign_form),
            "may_decide": may_pair(request.user, round_),
        },
        status=status,
    )


@login_required
def pairing(request, pk):
    """A trainer pairs mentors in a cohort they train, through the services
    the staff screen uses (mentorship.services), when may_pair allows it."""
    round_ = get_object_or_404(_rounds_for_trainer(request.user), pk=pk)
    if request.method != "POST":
        return _pairing_page(request, round_)
    if not may_pair(request.user, round_):
        return _refused(request)
    try:
        invalid = pairing_act(
            request,
            round_,
            request.POST.get("action", ""),
            made_by=MadeBy.TRAINER,
            rematches=False,
        )
    except UnknownPairingAction as exc:
        messages.error(request, str(exc))
        return _pairing_page(request, round_, status=400)
    except MentorshipError as exc:
        messages.error(request, str(exc))
        return _pairing_page(request, round_, status=409)
    if invalid is not None:
        return _pairing_page(request, round_, status=400, assign_form=invalid)
    return redirect("workspace:trainer_pairing", round_.pk)
