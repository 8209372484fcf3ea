"""Role homes: pages that bring several apps together for one person. The
trainee's (and trainer's) dashboard reads cohorts, credits, certificates,
study, practicums, mentorship, payments and the directory, so it lives above
them all; each app contributes its own panel template or template tag."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from cohorts.models import (
    Application,
    ApplicationStatus,
    Cohort,
    Enrolment,
    LiveSession,
)
from kaptraining.certificates.models import Certificate
from kaptraining.credits.progress import program_progress
from kaptraining.curriculum.models import ProgramCategoryRequirement


def _progress_rows(enrolments):
    rows = []
    for enrolment in enrolments:
        program = enrolment.cohort.program
        rows.append(
            {
                "enrolment": enrolment,
                "program": program,
                "progress": program_progress(
                    trainee_id=enrolment.trainee_id, program=program
                )
                if enrolment.is_active
                else None,
            }
        )
    return rows


@login_required
def dashboard(request):
    enrolments = (
        Enrolment.objects.filter(trainee=request.user)
        .select_related("cohort__program")
        .prefetch_related(
            Prefetch(
                "cohort__program__category_requirements",
                queryset=ProgramCategoryRequirement.objects.order_by("sort_order"),
            )
        )
    )
    certificates = Certificate.objects.filter(trainee=request.user).select_related(
        "program"
    )
    trained = (
        Cohort.objects.for_trainer(request.user).select_related("program")
        if request.user.is_trainer
        else []
    )
    live_cohorts = [e.cohort for e in enrolments if e.is_active]
    live_upcoming = (
        LiveSession.objects.scheduled()
        .filter(
            cohort__in=[c.pk for c in live_cohorts],
            ends_at__gt=timezone.now(),
        )
        .select_related("cohort")[:5]
    )
    live_applications = (
        Application.objects.filter(applicant=request.user)
        .exclude(status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.WITHDRAWN])
        .select_related("cohort")
    )
    return render(
        request,
        "workspace/dashboard.html",
        {
            "rows": _progress_rows(enrolments),
            "certificates": certificates,
            "trained_cohorts": trained,
            "listing": getattr(request.user, "directory_listing", None),
            "live_cohorts": live_cohorts,
            "live_upcoming": live_upcoming,
            "live_applications": live_applications,
        },
    )


