"""Certificates act on what credits announces (credits.signals): connected
from CertificatesConfig.ready(). Each receiver enqueues an idempotent task
after the sending transaction commits."""

from django.dispatch import receiver

from kaptraining.credits.signals import ce_certificate_awarded, progress_changed

from .models import CertificateKind
from .tasks import certificate_issue_award_task, certificate_issue_if_eligible


@receiver(progress_changed, dispatch_uid="certificates_issue_when_eligible")
def issue_when_eligible(sender, *, trainee_id: int, program_id: int, **kwargs):
    """The task re-evaluates eligibility when it runs, so a reversal committed
    before it means no certificate."""
    certificate_issue_if_eligible.delay_on_commit(trainee_id, program_id)


@receiver(ce_certificate_awarded, dispatch_uid="certificates_issue_for_ce")
def issue_for_ce_certificate(
    sender, *, certificate, award_key, award_title, hours_minutes, details, **kwargs
):
    certificate_issue_award_task.delay_on_commit(
        certificate.trainee_id,
        award_key,
        CertificateKind.CE.value,
        award_title,
        None,
        hours_minutes,
        details,
    )
