"""Issuing and changing certificates. Called by tasks, admin and commands."""

import logging

from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from kaptraining.credits.progress import program_progress

from .models import Certificate, CertificateStatus
from .pdf import render_certificate_pdf

logger = logging.getLogger(__name__)


def _organisation_name() -> str:
    from wagtail.models import Site

    from kaptraining.core.models import OrganisationSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return "kaptraining"
    return OrganisationSettings.for_site(site).name


def certificate_issue(*, trainee, program) -> tuple[Certificate | None, bool]:
    """At most one valid certificate per trainee and program, and only when the
    requirement is met; returns (certificate or None, created)."""
    existing = Certificate.objects.filter(trainee=trainee, program=program, status=CertificateStatus.VALID).first()
    if existing is not None:
        if not existing.pdf:
            certificate_render_pdf(certificate=existing)
        return existing, False
    progress = program_progress(trainee_id=trainee.pk, program=program)
    if not progress.eligible:
        return None, False
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                trainee=trainee,
                program=program,
                award_title=program.award_title,
                holder_name=trainee.display_name,
                hours_minutes=progress.counted_minutes,
            )
    except IntegrityError:  # another worker issued it between our check and insert
        return Certificate.objects.get(trainee=trainee, program=program, status=CertificateStatus.VALID), False
    certificate_render_pdf(certificate=certificate)
    send_mail(
        subject=f"Your certificate: {certificate.award_title}",
        message=render_to_string("emails/certificate_issued.txt", {"certificate": certificate}),
        from_email=None,
        recipient_list=[trainee.email],
    )
    return certificate, True


def certificate_render_pdf(*, certificate: Certificate) -> None:
    """(Re)write the PDF file; safe to repeat."""
    data = render_certificate_pdf(certificate, organisation_name=_organisation_name())
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(data), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str) -> Certificate:
    """Revoke with a reason; the row stays for verification and audit."""
    if not reason.strip():
        raise ValueError("A revocation needs a reason.")
    certificate.status = CertificateStatus.REVOKED
    certificate.status_reason = reason.strip()[:300]
    certificate.status_changed_at = timezone.now()
    certificate.save(update_fields=["status", "status_reason", "status_changed_at"])
    return certificate
