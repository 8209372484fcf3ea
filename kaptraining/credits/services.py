"""Writes to the ledger. Every credit in the product goes through here."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import LedgerEntry


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
) -> tuple[LedgerEntry, bool]:
    """Credit minutes once per source activity; returns (entry, created)."""
    if minutes <= 0:
        raise ValueError("A credit must be a positive number of minutes.")
    existing = LedgerEntry.objects.filter(
        trainee=trainee, program=program, source=source, source_id=str(source_id), reverses__isnull=True
    ).first()
    if existing is not None:
        return existing, False
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
                earned_on=earned_on or timezone.localdate(),
            )
    except IntegrityError:  # a concurrent request credited it first
        return (
            LedgerEntry.objects.get(
                trainee=trainee, program=program, source=source, source_id=str(source_id), reverses__isnull=True
            ),
            False,
        )
    _after_ledger_change(trainee_id=trainee.pk, program_id=program.pk)
    return entry, True


@transaction.atomic
def ledger_reverse(*, entry: LedgerEntry, reason: str, by) -> LedgerEntry:
    """Cancel an entry with a new negative one; the original stays as it was."""
    if not reason.strip():
        raise ValueError("A reversal needs a reason.")
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
    )
    _after_ledger_change(trainee_id=entry.trainee_id, program_id=entry.program_id)
    return reversal


def _after_ledger_change(*, trainee_id: int, program_id: int) -> None:
    # Certificates depend on credits, not the other way round; the task is
    # looked up here, at call time, and runs only once this transaction commits.
    from kaptraining.certificates.tasks import certificate_issue_if_eligible

    certificate_issue_if_eligible.delay_on_commit(trainee_id, program_id)
