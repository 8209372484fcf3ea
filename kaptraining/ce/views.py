"""CE pages: home-study courses (public), a trainee's evaluation and CE
transcript, and for staff the evaluation report and the CE Broker roster."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from cohorts.models import EnrolmentStatus
from kaptraining.core.csv import csv_response, safe_filename
from kaptraining.core.pdf import font_dir_uri, html_to_pdf
from kaptraining.credits.models import CEActivity, CEParticipation
from kaptraining.credits.permissions import can_view_trainee, staff_or_404

from . import services
from .cebroker import ce_broker_roster
from .evaluations import (
    EvaluationForm,
    evaluation_report,
    evaluation_report_rows,
    questions_for,
)
from .models import ActivityProfile
from .transcripts import ce_transcript, ce_transcript_rows


def home_study(request):
    """Home-study courses open for enrolment any time."""
    profiles = list(
        ActivityProfile.objects.filter(
            cohort__self_paced=True,
            cohort__status="open",
            activity__delivery_format="home_study",
        )
        .select_related("activity", "cohort", "cohort__program")
        .prefetch_related("activity__credits__approval")
        .order_by("activity__title")
    )
    enrolled = set()
    if request.user.is_authenticated:
        enrolled = set(
            request.user.enrolments.filter(
                cohort__in=[p.cohort for p in profiles],
                status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED],
            ).values_list("cohort_id", flat=True)
        )
    return render(
        request, "ce/home_study.html", {"profiles": profiles, "enrolled": enrolled}
    )


@login_required
def evaluation(request, pk):
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
    questions = questions_for(participation.activity)
    form = EvaluationForm(request.POST or None, questions=questions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.ce_evaluation_record(
                participation=participation, answers=form.answers()
            )
            messages.success(request, _("Thank you for your evaluation."))
            return redirect("credits:my_ce")
        status = 400
    return render(
        request,
        "ce/evaluation.html",
        {"form": form, "participation": participation},
        status=status,
    )


@login_required
def evaluation_report_view(request, pk):
    staff_or_404(request.user)
    activity = get_object_or_404(CEActivity, pk=pk)
    report = evaluation_report(activity)
    return render(request, "ce/evaluation_report.html", {"report": report})


@login_required
def evaluation_report_csv(request, pk):
    staff_or_404(request.user)
    activity = get_object_or_404(CEActivity, pk=pk)
    return csv_response(
        f"evaluations-{activity.pk}.csv",
        evaluation_report_rows(evaluation_report(activity)),
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def ce_broker_xlsx(request, pk):
    """The roster workbook; rows with a missing or malformed licence number
    are refused: the page lists them instead of a file that CE Broker rejects."""
    staff_or_404(request.user)
    activity = get_object_or_404(CEActivity, pk=pk)
    result = ce_broker_roster(activity)
    if result.refused and request.GET.get("skip") != "1":
        return render(
            request,
            "ce/ce_broker_refused.html",
            {"activity": activity, "result": result},
            status=422,
        )
    response = HttpResponse(result.content, content_type=XLSX)
    name = safe_filename(f"ce-broker-{activity.pk}-{activity.title}", suffix=".xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _transcript_response(request, trainee, fmt: str):
    transcript = ce_transcript(trainee)
    if fmt == "csv":
        return csv_response(
            f"ce-transcript-{trainee.pk}.csv", ce_transcript_rows(transcript)
        )
    if fmt == "pdf":
        html = render_to_string(
            "ce/transcript_pdf.html",
            {"transcript": transcript, "font_dir": font_dir_uri()},
        )
        response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="ce-transcript-{trainee.pk}.pdf"'
        )
        return response
    if fmt != "html":
        raise Http404
    return render(
        request,
        "ce/transcript.html",
        {"transcript": transcript, "own": trainee.pk == request.user.pk},
    )


@login_required
def transcript(request, fmt="html"):
    return _transcript_response(request, request.user, fmt)


@login_required
def trainee_transcript(request, user_id, fmt="html"):
    trainee = get_object_or_404(get_user_model(), pk=user_id)
    if not can_view_trainee(request.user, trainee):
        raise Http404
    return _transcript_response(request, trainee, fmt)
