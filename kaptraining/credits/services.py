"""Writes to the ledger and the requirement records. Every credit in the
product goes through ledger_credit."""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kaptraining.core.categories import Category

from .models import (
    ClaimStatus,
    ExternalHoursClaim,
    LedgerEntry,
    RequirementSignOff,
    Source,
    WindowExtension,
)


def _local_date(*, trainee, program, moment: datetime.datetime) -> datetime.date:
    """The calendar date of `moment` where the trainee's window is measured:
    the time zone of their cohort in this program, else their own."""
    from cohorts.models import Enrolment

    enrolment = (
        Enrolment.objects.filter(trainee_id=trainee.pk, cohort__program_id=program.pk)
        .exclude(status="withdrawn")
        .select_related("cohort")
        .order_by("-cohort__start_date", "-pk")
        .first()
    )
    tz_name = (
        enrolment.cohort.timezone if enrolment else getattr(trainee, "timezone", "UTC")
    )
    return timezone.localtime(moment, zoneinfo.ZoneInfo(tz_name)).date()


@transaction.atomic
def ledger_credit(
    *,
    trainee,
    program,
    category: str,
    minutes: int,
    source: str,
    source_id: str | int,
    description: str,
    rule: str = "",
    approved_by=None,
    earned_on=None,
    earned_at: datetime.datetime | None = None,
) -> tuple[LedgerEntry, bool]:
    """Credit minutes once per source activity; returns (entry, created).
    Without `earned_on`, the date is that of `earned_at` (default now) in the
    cohort's time zone, so window edges fall where the cohort's calendar says."""
    if minutes <= 0:
        raise ValueError("A credit must be a positive number of minutes.")
    existing = LedgerEntry.objects.filter(
        trainee=trainee,
        program=program,
        source=source,
        source_id=str(source_id),
        reverses__isnull=True,
    ).first()
    if existing is not None:
        return existing, False
    if earned_on is None:
        earned_on = _local_date(
            trainee=trainee, program=program, moment=earned_at or timezone.now()
        )
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                trainee=trainee,
                program=program,
                category=category,
                minutes=minutes,
                source=source,
                source_id=str(source_id),
                description=description[:300],
                rule=rule[:200],
                approved_by=approved_by,
                earned_on=earned_on,
            )
    except IntegrityError:  # a concurrent request credited it first
        return (
            LedgerEntry.objects.get(
                trainee=trainee,
                program=program,
                source=source,
                source_id=str(source_id),
                reverses__isnull=True,
            ),
            False,
        )
    _after_ledger_change(trainee_id=trainee.pk, program_id=program.pk)
    return entry, True


@transaction.atomic
def ledger_reverse(*, entry: LedgerEntry, reason: str, by) -> LedgerEntry:
    """Cancel an entry with a new negative one; the original stays as it was.
    The reversal carries the original's date so it cancels it in the same window."""
    if not reason.strip():
        raise ValueError("A reversal needs a reason.")
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.reverses_id is not None:
        raise ValueError("A reversal cannot itself be reversed.")
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValueError("This entry has already been reversed.")
    reversal = LedgerEntry.objects.create(
        trainee_id=entry.trainee_id,
        program_id=entry.program_id,
        category=entry.category,
        minutes=-entry.minutes,
        source=entry.source,
        source_id=entry.source_id,
        description=f"Reversal: {entry.description}"[:300],
        rule=entry.rule,
        approved_by=by,
        reverses=entry,
        reason=reason.strip()[:300],
        earned_on=entry.earned_on,
    )
    _after_ledger_change(trainee_id=entry.trainee_id, program_id=entry.program_id)
    return reversal


def _after_ledger_change(*, trainee_id: int, program_id: int) -> None:
    # Certificates depend on credits, not the other way round; the task is
    # looked up here, at call time, and runs only once this transaction commits.
    # The task re-evaluates eligibility, so a reversal committed before it
    # runs means no certificate is issued.
    from kaptraining.certificates.tasks import certificate_issue_if_eligible

    certificate_issue_if_eligible.delay_on_commit(trainee_id, program_id)


# --- Window extensions and sign-offs -----------------------------------------


@transaction.atomic
def window_extension_grant(
    *, trainee, program, ends_on: datetime.date, reason: str, by
) -> WindowExtension:
    """Extend (or correct) a trainee's completion window; kept with its reason."""
    from .progress import base_window_end, program_progress

    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the extension.")})
    window = program_progress(
        trainee_id=trainee.pk, trainee=trainee, program=program
    ).window
    if window is None:
        raise ValidationError(
            _(
                "This trainee has no cohort in this program, "
                "so there is no window to extend."
            )
        )
    if ends_on <= base_window_end(program, window.starts_on):
        raise ValidationError(
            {
                "ends_on": _(
                    "The new last day must be after the standard "
                    "window ends (%(date)s)."
                )
                % {"date": window.base_ends_on.isoformat()}
            }
        )
    extension = WindowExtension.objects.create(
        trainee=trainee,
        program=program,
        ends_on=ends_on,
        reason=reason.strip()[:300],
        granted_by=by,
    )
    # Hours earned in the added days may now count.
    _after_ledger_change(trainee_id=trainee.pk, program_id=program.pk)
    return extension


@transaction.atomic
def requirement_signoff_record(
    *, trainee, program, item: str, passed: bool = True, note: str = "", by=None
) -> RequirementSignOff:
    """Record that a non-hour item is done (or, as a correction, not done)."""
    from .checks import get_check

    if get_check(item) is None:
        raise ValidationError({"item": _("Unknown requirement item.")})
    signoff = RequirementSignOff.objects.create(
        trainee=trainee,
        program=program,
        item=item,
        passed=passed,
        note=note.strip()[:300],
        recorded_by=by,
    )
    _after_ledger_change(trainee_id=trainee.pk, program_id=program.pk)
    return signoff


# --- External hours ------------------------------------------------------------


@transaction.atomic
def external_hours_submit(
    *,
    trainee,
    program,
    category: str,
    minutes: int,
    activity_title: str,
    provider_name: str,
    earned_on: datetime.date,
    evidence,
) -> ExternalHoursClaim:
    """A trainee's claim for hours earned elsewhere, pending staff review."""
    if category not in Category.values:
        raise ValidationError(
            {"category": _("Choose one of the program's categories.")}
        )
    if minutes <= 0:
        raise ValidationError({"minutes": _("Enter a positive number of hours.")})
    claim = ExternalHoursClaim(
        trainee=trainee,
        program=program,
        category=category,
        minutes=minutes,
        activity_title=activity_title.strip()[:200],
        provider_name=provider_name.strip()[:200],
        earned_on=earned_on,
    )
    claim.evidence.save(evidence.name, evidence, save=False)
    claim.save()
    return claim


def _locked_pending_claim(claim_id: int) -> ExternalHoursClaim:
    claim = (
        ExternalHoursClaim.objects.select_for_update()
        .select_related("trainee", "program")
        .get(pk=claim_id)
    )
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError(_("This claim has already been decided."))
    return claim


@transaction.atomic
def external_hours_approve(
    *, claim_id: int, by, message: str = ""
) -> ExternalHoursClaim:
    """Approve a pending claim: credit the ledger once, counted within the
    category's cap like any other hour."""
    if not by.is_staff:
        raise PermissionError("Only staff approve external hours.")
    claim = _locked_pending_claim(claim_id)
    entry, _created = ledger_credit(
        trainee=claim.trainee,
        program=claim.program,
        category=claim.category,
        minutes=claim.minutes,
        source=Source.EXTERNAL,
        source_id=f"claim-{claim.pk}",
        description=f"{claim.activity_title} ({claim.provider_name})",
        rule=f"external claim {claim.pk}",
        approved_by=by,
        earned_on=claim.earned_on,
    )
    claim.status = ClaimStatus.APPROVED
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.decision_message = message.strip()[:500]
    claim.ledger_entry = entry
    claim.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "decision_message",
            "ledger_entry",
        ]
    )
    return claim


@transaction.atomic
def external_hours_reject(*, claim_id: int, by, message: str) -> ExternalHoursClaim:
    """Reject a pending claim with a message the trainee will read."""
    if not by.is_staff:
        raise PermissionError("Only staff reject external hours.")
    if not message.strip():
        raise ValidationError(
            {"message": _("Tell the trainee why the hours were not accepted.")}
        )
    claim = _locked_pending_claim(claim_id)
    claim.status = ClaimStatus.REJECTED
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.decision_message = message.strip()[:500]
    claim.save(update_fields=["status", "decided_by", "decided_at", "decision_message"])
    return claim
