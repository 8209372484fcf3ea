"""Certificate tasks: every one idempotent, re-fetching, calling a service.

acks_late + reject_on_worker_lost: a worker killed mid-task leaves the message
to be redelivered, and the services make the second run finish the first."""

import datetime
import logging
from contextlib import nullcontext

from auditlog.context import set_actor
from celery import shared_task
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cohorts.models import Cohort, Enrolment
from kaptraining.core.task_names import keep_old_names
from kaptraining.credits.progress import program_progress_many
from kaptraining.curriculum.models import ProgramPage

from .models import (
    Certificate,
    CertificateStatus,
    ProgramCertificateSettings,
    program_award_key,
)
from .services import (
    CertificateError,
    certificate_issue,
    certificate_issue_award,
    certificate_reissue,
    certificate_review_expiry,
)

logger = logging.getLogger(__name__)

COHORT_BATCH_SIZE = 50
TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(
    name="certificates.issue_if_eligible", bind=True, max_retries=5, **TASK_OPTIONS
)
def certificate_issue_if_eligible(self, trainee_id: int, program_id: int) -> str | None:
    """Issue the program certificate if the trainee is eligible; idempotent."""
    trainee = get_user_model().objects.filter(pk=trainee_id).first()
    program = ProgramPage.objects.filter(pk=program_id).first()
    if trainee is None or program is None:
        return None
    certificate, _created = certificate_issue(trainee=trainee, program=program)
    return certificate.number if certificate else None


@shared_task(name="certificates.issue_for_cohort", bind=True, **TASK_OPTIONS)
def certificates_issue_for_cohort(
    self, cohort_id: int, after_trainee_id: int = 0, batch_size: int = COHORT_BATCH_SIZE
) -> int:
    """Issue certificates to a cohort's active trainees, one batch per run, in
    trainee-id order; the next batch is enqueued with a cursor. A redelivered
    batch is harmless: issuance is idempotent. Returns how many were issued."""
    cohort = Cohort.objects.select_related("program").filter(pk=cohort_id).first()
    if cohort is None:
        return 0
    program = cohort.program
    already = Certificate.objects.filter(
        trainee_id=OuterRef("trainee_id"),
        award_key=program_award_key(program.pk),
        status=CertificateStatus.VALID,
        pdf__gt="",
        credential__isnull=False,
        notified_at__isnull=False,
    )
    trainee_ids = list(
        Enrolment.objects.filter(
            cohort_id=cohort_id,
            status__in=["active", "completed"],
            trainee_id__gt=after_trainee_id,
        )
        .order_by("trainee_id")
        .values_list("trainee_id", flat=True)[:batch_size]
    )
    trainees = get_user_model().objects.in_bulk(trainee_ids)
    done = set(
        Enrolment.objects.filter(cohort_id=cohort_id, trainee_id__in=trainee_ids)
        .filter(Exists(already))
        .values_list("trainee_id", flat=True)
    )
    todo = [trainees[i] for i in trainee_ids if i not in done]
    progress = program_progress_many(program=program, trainees=todo)
    issued = 0
    for trainee in todo:
        _certificate, created = certificate_issue(
            trainee=trainee, program=program, progress=progress[trainee.pk]
        )
        issued += int(created)
    if len(trainee_ids) == batch_size:
        certificates_issue_for_cohort.delay(cohort_id, trainee_ids[-1], batch_size)
    return issued


@shared_task(name="certificates.reissue", bind=True, **TASK_OPTIONS)
def certificate_reissue_task(
    self, certificate_id: int, reason: str, by_id: int | None = None
) -> str | None:
    """Reissue a certificate at staff request; a repeat returns the same successor."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return None
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    try:
        with set_actor(by) if by else nullcontext():  # the audit log names who asked
            new = certificate_reissue(certificate=certificate, reason=reason, by=by)
    except CertificateError as exc:  # e.g. revoked meanwhile: nothing to retry
        logger.warning("Reissue of %s skipped: %s", certificate.number, exc)
        return None
    return new.number


@shared_task(name="certificates.issue_award", bind=True, **TASK_OPTIONS)
def certificate_issue_award_task(
    self,
    trainee_id: int,
    award_key: str,
    kind: str,
    award_title: str,
    program_id: int | None = None,
    hours_minutes: int = 0,
    details: dict | None = None,
) -> str | None:
    """Issue a certificate for any award (e.g. a CE activity, "ce:<id>"); the
    caller has checked eligibility. Idempotent per trainee and award key."""
    trainee = get_user_model().objects.filter(pk=trainee_id).first()
    if trainee is None:
        return None
    program = ProgramPage.objects.filter(pk=program_id).first() if program_id else None
    certificate, _created = certificate_issue_award(
        trainee=trainee,
        award_key=award_key,
        kind=kind,
        award_title=award_title,
        program=program,
        hours_minutes=hours_minutes,
        details=details,
    )
    return certificate.number


@shared_task(name="certificates.review_expiry", bind=True, **TASK_OPTIONS)
def certificates_review_expiry(self, after_id: int = 0, batch_size: int = 200) -> int:
    """Daily: recertify holders who logged the required CE, remind the others
    before expiry (one reminder each). Batched with a cursor; idempotent."""
    longest = max(
        ProgramCertificateSettings.objects.values_list("reminder_days", flat=True),
        default=0,
    )
    horizon = timezone.now() + datetime.timedelta(days=longest)
    batch = list(
        Certificate.objects.filter(
            status=CertificateStatus.VALID,
            expires_at__isnull=False,
            expires_at__lte=horizon,
            pk__gt=after_id,
        )
        .select_related("trainee", "program")
        .order_by("pk")[:batch_size]
    )
    changed = 0
    for certificate in batch:
        changed += certificate_review_expiry(certificate=certificate) != "nothing"
    if len(batch) == batch_size:
        certificates_review_expiry.delay(batch[-1].pk, batch_size)
    return changed


# The names these tasks had before they were named explicitly: messages queued
# under them before a deploy are forwarded until the queues drain.
keep_old_names(
    {
        "kaptraining.certificates.tasks.certificate_issue_if_eligible": (
            certificate_issue_if_eligible
        ),
        "kaptraining.certificates.tasks.certificates_issue_for_cohort": (
            certificates_issue_for_cohort
        ),
        "kaptraining.certificates.tasks.certificate_reissue_task": (
            certificate_reissue_task
        ),
        "kaptraining.certificates.tasks.certificate_issue_award_task": (
            certificate_issue_award_task
        ),
        "kaptraining.certificates.tasks.certificates_review_expiry": (
            certificates_review_expiry
        ),
    }
)
