"""Role homes: pages that bring several apps together for one person. The
trainee's (and trainer's) dashboard reads cohorts, credits, certificates,
study, practicums, mentorship, payments and the directory, so it lives above
them all; each app contributes its own panel template or template tag."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cohorts.models import (
    Application,
    ApplicationStatus,
    Enrolment,
    LiveSession,
)
from kaptraining.certificates.models import Certificate
from kaptraining.certificates.services import ce_minutes_since, program_settings
from kaptraining.core import pagecache
from kaptraining.core.models import organisation_settings
from kaptraining.core.parsing import parse_id
from kaptraining.credits import progress_cache
from kaptraining.credits.progress import program_progress
from kaptraining.notifications.services import unread_count_refresh
from kaptraining.practicums.models import PracticumLog
from kaptraining.practicums.services import PracticumError, practicum_log_sign_off

from .roles import (
    mentor_home,
    roles_of,
    staff_counts,
    supervisor_home,
    trainer_home,
)


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
    # Both cached with invalidation (issue 19): the program's settings until
    # a certificates row changes, the CE sum until the trainee's rows do.
    conf = pagecache.cached_with_content(
        f"certificate-settings:{certificate.program_id}",
        lambda: program_settings(certificate.program),
    )
    since = certificate.issued_at
    ce_minutes = progress_cache.trainee_cached(
        certificate.trainee_id,
        f"ce-since:{since.isoformat()}",
        lambda: ce_minutes_since(trainee_id=certificate.trainee_id, since=since),
    )
    renewal_minutes = (conf.renewal_ce_hours * 60) if conf else 0
    return {
        "certificate": certificate,
        "linkedin_url": linkedin_add_url(certificate, organisation),
        "ce_minutes": ce_minutes,
        "renewal_minutes": renewal_minutes,
        "renewal_left_minutes": max(0, renewal_minutes - ce_minutes),
    }


def _progress_rows(enrolments, certificates, organisation, trainee):
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
                    trainee_id=enrolment.trainee_id,
                    trainee=trainee,
                    program=program,
                    cached=True,
                )
                if enrolment.is_active and not certificate
                else None,
            }
        )
    return rows


def _organisation_name(request) -> str:
    # The one place that knows a site may not exist yet (a fresh install, tests).
    return organisation_settings().name


@login_required
def dashboard(request):
    """One home, in parts chosen by what the person is (roles.roles_of)."""
    roles = roles_of(request.user)
    # The header's unread count is stored as the home page counts it.
    context = {
        "roles": roles,
        "notifications_unread": unread_count_refresh(request.user.pk),
    }
    if "trainer" in roles:
        context["trainer"] = trainer_home(request.user)
    if "mentor" in roles:
        context["mentor"] = mentor_home(request.user)
    if "supervisor" in roles:
        context["supervisor"] = supervisor_home(request.user)
    if "staff" in roles:
        context["staff_counts"] = staff_counts()
    if "trainee" in roles:
        context.update(_trainee_context(request))
    return render(request, "workspace/dashboard.html", context)


def _trainee_context(request) -> dict:
    # The programs' category requirements are read by progress only when it
    # is not cached (credits.progress_cache), so they are not prefetched here.
    enrolments = list(
        Enrolment.objects.filter(trainee=request.user).select_related("cohort__program")
    )
    certificates = list(
        Certificate.objects.filter(trainee=request.user).select_related("program")
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
    rows = _progress_rows(
        enrolments, certificates, _organisation_name(request), request.user
    )
    return {
        "rows": rows,
        # Every program certified: no study prompts (next lesson, electives,
        # mentor) on the practitioner's home.
        "all_certified": bool(rows) and all(r["home"] for r in rows),
        "certificates": certificates,
        # Shown beside a current certificate only (one query saved without).
        "listing": getattr(request.user, "directory_listing", None)
        if any(c.is_current for c in certificates)
        else None,
        # Read by the study and tuition panels instead of loading them again.
        "all_enrolments": enrolments,
        "studying_enrolments": [e for e in enrolments if e.is_active],
        "live_cohorts": live_cohorts,
        "live_upcoming": live_upcoming,
        "live_applications": live_applications,
    }


@login_required
@require_POST
def bulk_sign_off(request):
    """Sign off the logs a supervisor ticked; the service checks each one
    (their site, still waiting), so one refusal leaves the others signed."""
    ids = [parse_id(v) for v in request.POST.getlist("log")]
    ids = [i for i in ids if i is not None]
    if not ids:
        messages.error(request, _("Tick at least one log to sign off."))
        return redirect(reverse("dashboard") + "#role-supervisor")
    signed, refused = 0, []
    for log in PracticumLog.objects.filter(pk__in=ids).order_by("pk"):
        try:
            practicum_log_sign_off(log=log, by=request.user)
            signed += 1
        except PracticumError as exc:
            refused.append(f"#{log.pk}: {exc}")
    missing = len(set(ids)) - signed - len(refused)
    if signed:
        messages.success(
            request,
            ngettext("%(n)s log signed off.", "%(n)s logs signed off.", signed)
            % {"n": signed},
        )
    for reason in refused:
        messages.error(request, reason)
    if missing > 0:
        messages.error(request, _("Some ticked logs no longer exist."))
    if not signed:
        return render(request, "workspace/bulk_refused.html", status=400)
    return redirect(reverse("dashboard") + "#role-supervisor")
