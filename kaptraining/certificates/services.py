"""Issuing and changing certificates. Called by tasks, admin and commands.

Issuance is a short pipeline whose every step is safe to repeat, so that a task
delivered twice, or redelivered after its worker died, finishes the job
without a second certificate or a second e-mail:
  1. insert the row (one valid certificate per trainee and award: a DB constraint);
  2. write the PDF if it is missing;
  3. sign the Open Badges credential if it is missing;
  4. e-mail the holder unless `notified_at` says it was done (row-locked).
"""

import datetime
import logging
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from kaptraining.core.hours import format_hours
from kaptraining.core.mail import mail_send
from kaptraining.core.models import OrganisationSettings
from kaptraining.credits.models import (
    CECertificate,
    CECertificateStatus,
    LedgerEntry,
    Source,
)
from kaptraining.credits.progress import program_progress
from kaptraining.notifications.services import notification_create

from .models import (
    Certificate,
    CertificateHold,
    CertificateKind,
    CertificateReminder,
    CertificateStatus,
    ProgramCertificateSettings,
    program_award_key,
)
from .openbadges.credentials import build_credential, sign_credential
from .pdf import render_certificate_pdf

logger = logging.getLogger(__name__)


class CertificateError(Exception):
    """A staff action that cannot be done; the message is shown to them."""


def _organisation():
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return OrganisationSettings(name="kaptraining")
    return OrganisationSettings.for_site(site)


def program_settings(program) -> ProgramCertificateSettings | None:
    return (
        ProgramCertificateSettings.objects.filter(program=program)
        .select_related("template")
        .first()
    )


def _expiry(
    issued_at: datetime.datetime, validity_years: int | None
) -> datetime.datetime | None:
    return issued_at + relativedelta(years=validity_years) if validity_years else None


def active_hold(*, trainee_id: int, award_key: str) -> CertificateHold | None:
    return CertificateHold.objects.filter(
        trainee_id=trainee_id, award_key=award_key, released_at__isnull=True
    ).first()


def certificate_issue(
    *, trainee, program, progress=None
) -> tuple[Certificate | None, bool]:
    """At most one valid certificate per trainee and program, and only when the
    requirement is met and no hold is active; returns (certificate or None, created)."""
    award_key = program_award_key(program.pk)
    existing = Certificate.objects.filter(
        trainee=trainee, award_key=award_key, status=CertificateStatus.VALID
    ).first()
    if existing is not None:
        certificate_finish(certificate=existing)
        return existing, False
    if active_hold(trainee_id=trainee.pk, award_key=award_key):
        return None, False
    if progress is None:  # batch callers pass progress computed for many at once
        progress = program_progress(
            trainee_id=trainee.pk, program=program, trainee=trainee
        )
    if not progress.eligible:
        return None, False
    conf = program_settings(program)
    return certificate_issue_award(
        trainee=trainee,
        award_key=award_key,
        kind=CertificateKind.PROGRAM,
        award_title=program.award_title,
        program=program,
        hours_minutes=progress.counted_minutes,
        # Frozen at issue: what the verification page shows by category.
        details={
            "hours_by_category": [
                [str(c.label), c.counted_minutes]
                for c in progress.categories
                if c.counted_minutes
            ]
        },
        template=conf.template if conf else None,
        validity_years=conf.validity_years if conf else None,
    )


def certificate_issue_award(
    *,
    trainee,
    award_key: str,
    kind: str,
    award_title: str,
    program=None,
    hours_minutes: int = 0,
    details: dict | None = None,
    template=None,
    validity_years: int | None = None,
) -> tuple[Certificate, bool]:
    """One valid certificate per trainee and award key, whatever the award (a
    program, or a CE activity as "ce:<id>"); eligibility is the caller's job.
    Returns (certificate, created)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                trainee=trainee,
                kind=kind,
                award_key=award_key,
                program=program,
                template=template,
                award_title=award_title,
                holder_name=trainee.display_name,
                hours_minutes=hours_minutes,
                details=details or {},
                issued_at=now,
                expires_at=_expiry(now, validity_years),
            )
    except IntegrityError:  # another delivery issued it between our check and insert
        certificate = Certificate.objects.get(
            trainee=trainee, award_key=award_key, status=CertificateStatus.VALID
        )
        certificate_finish(certificate=certificate)
        return certificate, False
    certificate_finish(certificate=certificate)
    return certificate, True


def certificate_finish(*, certificate: Certificate) -> Certificate:
    """Complete whatever issuance steps are missing (PDF, credential, e-mail)."""
    if not certificate.pdf:
        certificate_render_pdf(certificate=certificate)
    if certificate.credential is None:
        certificate_sign(certificate=certificate)
    if (
        certificate.notified_at is None
        and certificate.status == CertificateStatus.VALID
    ):
        _notify_holder(certificate_id=certificate.pk)
        certificate.refresh_from_db(fields=["notified_at"])
    return certificate


def certificate_render_pdf(*, certificate: Certificate) -> None:
    """(Re)write the PDF file; safe to repeat."""
    org = _organisation()
    data = render_certificate_pdf(
        certificate, organisation_name=org.name, ce_statement=org.ce_provider_statement
    )
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(data), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)


def certificate_sign(*, certificate: Certificate) -> dict:
    """Build and sign the Open Badges 3.0 credential once; it never changes after
    (a concurrent delivery that signed first wins, and its credential is returned)."""
    name = (
        certificate.template and certificate.template.organisation_name
    ) or _organisation().name
    document = build_credential(certificate, organisation_name=name)
    signed = sign_credential(document, created=certificate.issued_at)
    Certificate.objects.filter(pk=certificate.pk, credential__isnull=True).update(
        credential=signed
    )
    certificate.refresh_from_db(fields=["credential"])
    return certificate.credential or signed


@transaction.atomic
def _notify_holder(*, certificate_id: int) -> None:
    """E-mail the holder once: the row lock serialises concurrent deliveries,
    and the queued message commits with notified_at (a worker killed before
    commit leaves both undone for the redelivery)."""
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("trainee", "program")
        .get(pk=certificate_id)
    )
    if certificate.notified_at is not None:
        return
    mail_send(
        "certificate_issued",
        to=certificate.trainee,
        context={"certificate": certificate},
        key=f"certificate-issued:{certificate.pk}",
    )
    notification_create(
        user=certificate.trainee,
        kind="certificate_issued",
        event_key=f"certificate-issued:{certificate.pk}",
        title=gettext_lazy("Your certificate %(number)s was issued."),
        title_params={"number": certificate.number},
        url=reverse("dashboard"),
        mailed_by_caller=True,
    )
    certificate.notified_at = timezone.now()
    certificate.save(update_fields=["notified_at"])


def _change_status(certificate: Certificate, *, status: str, reason: str, by) -> None:
    certificate.status = status
    certificate.status_reason = reason
    certificate.status_changed_at = timezone.now()
    certificate.status_changed_by = by
    certificate.save(
        update_fields=[
            "status",
            "status_reason",
            "status_changed_at",
            "status_changed_by",
        ]
    )


def _clean_reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(message)
    return reason[:300]


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, reason: str, by=None
) -> Certificate:
    """Revoke with a reason; the row stays for verification and audit."""
    reason = _clean_reason(reason, _("A revocation needs a reason."))
    certificate = Certificate.objects.select_for_update(of=("self",)).get(
        pk=certificate.pk
    )
    if certificate.status != CertificateStatus.VALID:
        raise CertificateError(
            _("Only a valid certificate can be revoked; this one is %(status)s.")
            % {"status": certificate.get_status_display().lower()}
        )
    _change_status(certificate, status=CertificateStatus.REVOKED, reason=reason, by=by)
    # The holder learns it from us, with the reason, not from a failed check.
    mail_send(
        "certificate_revoked",
        to=certificate.trainee,
        context={"certificate": certificate, "reason": reason},
        key=f"certificate-revoked:{certificate.pk}",
    )
    return certificate


def certificate_reissue_request(
    *, certificate: Certificate, reason: str, by=None
) -> None:
    """Check a reissue can go ahead and enqueue it; Celery makes the new one."""
    from .tasks import certificate_reissue_task

    reason = _clean_reason(reason, _("A reissue needs a reason."))
    certificate.refresh_from_db(fields=["status"])
    if certificate.status != CertificateStatus.VALID:
        raise CertificateError(
            _("Only a valid certificate can be reissued; this one is %(status)s.")
            % {"status": certificate.get_status_display().lower()}
        )
    certificate_reissue_task.delay_on_commit(
        certificate.pk, reason, by.pk if by else None
    )


def certificate_reissue(
    *, certificate: Certificate, reason: str, by=None, renew: bool = False
) -> Certificate:
    """Replace a certificate with a new one (new number, current holder name); the
    old one is kept as superseded and linked to its successor. Repeating it
    returns the same successor."""
    reason = _clean_reason(reason, _("A reissue needs a reason."))
    with transaction.atomic():
        old = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("program")
            .get(pk=certificate.pk)
        )
        if old.superseded_by is not None:
            new = old.superseded_by
        elif old.status != CertificateStatus.VALID:
            raise CertificateError(_("Only a valid certificate can be reissued."))
        else:
            _change_status(
                old, status=CertificateStatus.SUPERSEDED, reason=reason, by=by
            )
            now = timezone.now()
            expires_at = old.expires_at
            conf = program_settings(old.program) if renew and old.program_id else None
            if conf and conf.validity_years:
                # Recertifying early does not shorten the holder's time.
                expires_at = _expiry(
                    max(now, old.expires_at or now), conf.validity_years
                )
            new = Certificate.objects.create(
                trainee=old.trainee,
                kind=old.kind,
                award_key=old.award_key,
                program=old.program,
                template=old.template,
                award_title=old.award_title,
                holder_name=old.trainee.display_name,
                hours_minutes=old.hours_minutes,
                details=old.details,
                issued_at=now,
                expires_at=expires_at,
            )
            old.superseded_by = new
            old.save(update_fields=["superseded_by"])
    return certificate_finish(certificate=new)


# --- holds --------------------------------------------------------------------


@transaction.atomic
def certificate_hold_place(
    *, trainee, program, reason: str, by=None
) -> CertificateHold:
    """Withhold issuance of a program's certificate for one trainee."""
    reason = _clean_reason(reason, _("A hold needs a reason."))
    award_key = program_award_key(program.pk)
    if active_hold(trainee_id=trainee.pk, award_key=award_key):
        raise CertificateError(
            _("Issuance is already on hold for this trainee and program.")
        )
    if Certificate.objects.filter(
        trainee=trainee, award_key=award_key, status=CertificateStatus.VALID
    ).exists():
        raise CertificateError(
            _(
                "This trainee already holds a valid certificate for this program; "
                "revoke it instead."
            )
        )
    return CertificateHold.objects.create(
        trainee=trainee,
        program=program,
        award_key=award_key,
        reason=reason,
        placed_by=by,
    )


@transaction.atomic
def certificate_hold_release(*, hold: CertificateHold, by=None) -> CertificateHold:
    """End a hold and, once committed, issue the certificate if it is earned."""
    from .tasks import certificate_issue_if_eligible

    hold = CertificateHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        raise CertificateError(_("This hold has already been released."))
    hold.released_at = timezone.now()
    hold.released_by = by
    hold.save(update_fields=["released_at", "released_by"])
    certificate_issue_if_eligible.delay_on_commit(hold.trainee_id, hold.program_id)
    return hold


# --- lifecycle: recertification and reminders ---------------------------------


# Ledger entries that are continuing education in themselves: approved claims
# for CE earned elsewhere. Credit from our own CE activities is counted from
# their CE certificates below (the ledger row some of them also write,
# Source.CE_ACTIVITY, would count it twice); lessons, attendance, practicum,
# mentorship and staff adjustments are program study, not CE.
CE_LEDGER_SOURCES = (Source.EXTERNAL,)


def ce_certificate_minutes(credits: list[dict]) -> int:
    """A CE certificate's credit in minutes: the largest award across its
    accrediting bodies (each credits the same contact time), as its
    verifiable certificate states it."""
    hours = max((Decimal(c["hours"]) for c in credits), default=Decimal(0))
    return int(hours * 60)


def ce_minutes_since(
    *, trainee_id: int, since: datetime.datetime | datetime.date
) -> int:
    """THE count of continuing education towards renewal: CE earned on or
    after the certificate was issued (`since`: its issued_at, taken as a date
    in the active time zone, which is the holder's on their own pages and in
    certificate_review_expiry), in any program. Valid CE
    certificates completed since then, plus approved outside-CE claims earned
    since then net of their reversals (a reversal carries its entry's date).
    A revoked CE certificate and a reversed claim count nothing; study hours
    (lessons, sessions, practicum...) are not CE. Two queries."""
    if isinstance(since, datetime.datetime):
        since = timezone.localdate(since)
    claims = LedgerEntry.objects.filter(
        trainee_id=trainee_id, source__in=CE_LEDGER_SOURCES, earned_on__gte=since
    ).aggregate(t=Sum("minutes"))["t"]
    awarded = CECertificate.objects.filter(
        trainee_id=trainee_id,
        status=CECertificateStatus.VALID,
        completed_on__gte=since,
    ).values_list("credits", flat=True)
    return max(0, (claims or 0) + sum(ce_certificate_minutes(c) for c in awarded))


REMINDER_KIND = "expiry-{days}d"


def holder_zone(certificate: Certificate) -> datetime.tzinfo:
    """The holder's time zone: the calendar their CE dates are kept in."""
    try:
        return ZoneInfo(certificate.trainee.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def certificate_review_expiry(
    *, certificate: Certificate, now: datetime.datetime | None = None
) -> str:
    """For a certificate near or past expiry: recertify it if the required CE is
    logged, else send one reminder. Returns "renewed", "reminded" or "nothing"."""
    now = now or timezone.now()
    if certificate.status != CertificateStatus.VALID or certificate.expires_at is None:
        return "nothing"
    conf = program_settings(certificate.program) if certificate.program_id else None
    if conf is None:
        return "nothing"
    if certificate.expires_at - datetime.timedelta(days=conf.reminder_days) > now:
        return "nothing"
    needed = conf.renewal_ce_hours * 60
    # CE dates are the holder's calendar days (as on their own pages).
    with timezone.override(holder_zone(certificate)):
        logged = ce_minutes_since(
            trainee_id=certificate.trainee_id, since=certificate.issued_at
        )
    if needed and logged >= needed:
        certificate_reissue(
            certificate=certificate,
            reason=_("Recertified: the required continuing education was logged."),
            renew=True,
        )
        return "renewed"
    if certificate.expires_at <= now:
        return "nothing"
    kind = REMINDER_KIND.format(days=conf.reminder_days)
    with transaction.atomic():
        _reminder, created = CertificateReminder.objects.get_or_create(
            certificate=certificate, kind=kind
        )
        if not created:
            return "nothing"
        mail_send(
            "certificate_expiry_reminder",
            to=certificate.trainee,
            context={
                "certificate": certificate,
                "renewal_hours": conf.renewal_ce_hours,
                "logged_hours": format_hours(logged),
            },
            key=f"certificate-reminder:{certificate.pk}:{kind}",
        )
    return "reminded"
