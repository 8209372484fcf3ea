"""CE credit: a trainee's CE activities, evaluations and certificates; staff
rosters and the CE Broker export."""


from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kaptraining.core.csv import csv_response
from kaptraining.core.parsing import parse_id, parse_whole_number

from .. import ce
from ..forms import (
    AttendanceForm,
    CEEvaluationForm,
)
from ..models import (
    CEActivity,
    CECertificate,
    CEParticipation,
)
from ..pdf import render_pdf
from ..permissions import staff_or_404
from ..transcripts import ce_broker_roster_csv
from .transcripts import _attach_verifiable


@login_required
def my_ce(request):
    participations = list(
        CEParticipation.objects.filter(trainee=request.user)
        .select_related("activity", "certificate")
        .order_by("-activity__start_date")
    )
    _attach_verifiable(p.certificate for p in participations if _has_cert(p))
    # Awarded activities show their certificate, not the checks.
    rows = [
        {"participation": p, "status": [] if _has_cert(p) else ce.award_status(p)}
        for p in participations
    ]
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
    return csv_response(
        f"ce-broker-activity-{activity.pk}.csv", ce_broker_roster_csv(activity)
    )
