"""Role homes: pages that bring several apps together for one person. The
trainee's (and trainer's) dashboard reads cohorts, credits, certificates,
study, practicums, mentorship, payments and the directory, so it lives above
them all; each app contributes its own panel template or template tag."""

from urllib.parse import urlencode

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
from kaptraining.certificates.services import ce_minutes_since, program_settings
from kaptraining.core.models import OrganisationSettings
from kaptraining.credits.progress import program_progress
from kaptraining.curriculum.models import ProgramCategoryRequirement


def linkedin_add_url(certificate, organisation: str) -> str:
    """LinkedIn's "Add licence or certification" form, filled in with the
    credential and the public verification URL."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": certificate.award_title,
        "organizationName": organisation,
        "issueYear": certificate.issued_at.year,
        "issueMonth": certificate.issued_at.month,
        "certUrl": certificate.verification_url,
        "certId": certificate.number,
    }
    if certificate.expires_at:
        params["expirationYear"] = certificate.expires_at.year
        params["expirationMonth"] = certificate.expires_at.month
    return "https://www.linkedin.com/profile/add?" + urlencode(params)


def practitioner_home(certificate, organisation: str) -> dict:
    """What a certified practitioner needs from their program: the credential
    and its links, CE earned since it was issued, and what renewal asks by when."""
    conf = program_settings(certificate.program)
    ce_minutes = ce_minutes_since(
        trainee_id=certificate.trainee_id, since=certificate.issued_at.date()
    )
    renewal_minutes = (conf.renewal_ce_hours * 60) if conf else 0
    return {
        "certificate": certificate,
        "linkedin_url": linkedin_add_url(certificate, organisation),
        "ce_minutes": ce_minutes,
        "renewal_minutes": renewal_minutes,
        "renewal_left_minutes": max(0, renewal_minutes - ce_minutes),
    }


def _progress_rows(enrolments, certificates, organisation):
    current = {c.program_id: c for c in certificates if c.is_current and c.program_id}
    rows = []
    for enrolment in enrolments:
        program = enrolment.cohort.program
        certificate = current.get(program.pk)
        rows.append(
            {
                "enrolment": enrolment,
                "program": program,
                # Certified: the row is the practitioner's home, not a study plan.
                "home": practitioner_home(certificate, organisation)
                if certificate
                else None,
                "progress": program_progress(
                    trainee_id=enrolment.trainee_id, program=program
                )
                if enrolment.is_active and not certificate
                else None,
            }
        )
    return rows


def _organisation_name(request) -> str:
    return OrganisationSettings.for_request(request).name


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
    certificates = list(
        Certificate.objects.filter(trainee=request.user).select_related("program")
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
    rows = _progress_rows(enrolments, certificates, _organisation_name(request))
    return render(
        request,
        "workspace/dashboard.html",
        {
            "rows": rows,
            # Every program certified: no study prompts (next lesson, electives,
            # mentor) on the practitioner's home.
            "all_certified": bool(rows) and all(r["home"] for r in rows),
            "certificates": certificates,
            "trained_cohorts": trained,
            "listing": getattr(request.user, "directory_listing", None),
            "live_cohorts": live_cohorts,
            "live_upcoming": live_upcoming,
            "live_applications": live_applications,
        },
    )
