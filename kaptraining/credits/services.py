"""Writes to the ledger and the requirement records. Every credit in the
product goes through ledger_credit."""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaptraining.accounts.relationships import may_decide_for_trainee
from kaptraining.core.categories import Category
from kaptraining.notifications.services import notification_create

from .checks import get_check
from .enrolments import current_enrolment, enrolment_facts
from .models import (
    ClaimStatus,
    ExternalHoursClaim,
    LedgerEntry,
    RequirementSignOff,
    Source,
    WindowExtension,
)
from .signals import progress_changed
from .windows import completion_window_for


def _local_date(*, trainee, program, moment: datetime.datetime) -> datetime.date:
    """The calendar date of `moment` where the trainee's window is measured:
    the time zone of their cohort in this program, else their own."""
    enrolment = current_enrolment(
        enrolment_facts(trainee_ids=[trainee.pk], program_id=program.pk)
    )
    tz_name = enrolment.timezone if enrolment else getattr(trainee, "timezone", "UTC")
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
    _refuse_self_approval(trainee_id=trainee.pk, approved_by=approved_by)
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


def _refuse_self_approval(*, trainee_id, approved_by) -> None:
    """Nobody approves their own hours: the approver of an entry is never its
    trainee (a database constraint says so too, ledger_approver_not_trainee)."""
    approver_id = getattr(approved_by, "pk", approved_by)
    if approver_id is not None and approver_id == trainee_id:
        raise ValidationError(
            _("Hours cannot be approved by the person who earned them.")
        )


def ledger_reverse(*, entry: LedgerEntry, reason: str, by) -> LedgerEntry:
    """Cancel an entry with a new negative one; the original stays as it was.
    The reversal carries the original's date so it cancels it in the same window."""
    return ledger_reverse_many(reversals=[(entry, reason)], by=by)[0]


def _reversal_of(entry: LedgerEntry, *, reason: str, by) -> LedgerEntry:
    _refuse_self_approval(trainee_id=entry.trainee_id, approved_by=by)
    return LedgerEntry(
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


def _after_ledger_change(*, trainee_id: int, program_id: int) -> None:
    # Apps above credits act on it (certificates enqueues an eligibility check
    # after commit; the task re-evaluates, so a reversal committed before it
    # runs means no certificate is issued).
    progress_changed.send(
        sender=LedgerEntry, trainee_id=trainee_id, program_id=program_id
    )


# --- Bulk writes (attendance for a whole session) ------------------------------
# bulk_create sends no signals, so these write the audit-log rows themselves
# and announce the same progress change as the single-row services, once per
# trainee and program.


def _source_key(entry: LedgerEntry) -> tuple:
    return (entry.trainee_id, entry.program_id, entry.source, entry.source_id)


@transaction.atomic
def ledger_credit_many(
    *, entries: list[LedgerEntry], by=None
) -> list[tuple[LedgerEntry, bool]]:
    """ledger_credit for unsaved entries, in a constant number of queries: each
    source activity is credited once; returns (entry, created) in order.
    `earned_on` is taken as given (the caller knows the cohort's calendar)."""
    if not entries:
        return []
    for entry in entries:
        if entry.pk is not None:
            raise ValueError("Only new entries can be credited.")
        if entry.minutes <= 0 or entry.reverses_id is not None:
            raise ValueError("A credit must be a positive number of minutes.")
        _refuse_self_approval(
            trainee_id=entry.trainee_id, approved_by=entry.approved_by_id
        )
        entry.source_id = str(entry.source_id)
        entry.description = entry.description[:300]
        entry.rule = entry.rule[:200]
    if len({_source_key(e) for e in entries}) != len(entries):
        raise ValueError("Each source activity can be credited only once.")
    existing = {
        _source_key(e): e
        for e in LedgerEntry.objects.filter(
            trainee_id__in={e.trainee_id for e in entries},
            source__in={e.source for e in entries},
            source_id__in={e.source_id for e in entries},
            reverses__isnull=True,
        )
    }
    new = [e for e in entries if _source_key(e) not in existing]
    LedgerEntry.objects.bulk_create(new)
    audit_log_bulk(new, actor=by)
    _after_ledger_changes(new)
    return [
        (existing[_source_key(e)], False) if _source_key(e) in existing else (e, True)
        for e in entries
    ]


@transaction.atomic
def ledger_reverse_many(
    *, reversals: list[tuple[LedgerEntry, str]], by, skip_reversed: bool = False
) -> list[LedgerEntry]:
    """Reverse many (entry, reason) pairs in a constant number of queries; all
    or nothing. An entry reversed already is refused, or with skip_reversed
    left as it is (its credit is gone already). Returns the new reversals in
    order."""
    if not reversals:
        return []
    if any(not reason.strip() for _entry, reason in reversals):
        raise ValueError("A reversal needs a reason.")
    ids = [entry.pk for entry, _reason in reversals]
    locked = LedgerEntry.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    entries = {e.pk: e for e in locked}
    if len(entries) != len(set(ids)) or len(ids) != len(set(ids)):
        raise ValueError("Each entry can be reversed only once.")
    if any(e.reverses_id is not None for e in entries.values()):
        raise ValueError("A reversal cannot itself be reversed.")
    reversed_ids = set(
        LedgerEntry.objects.filter(reverses_id__in=ids).values_list(
            "reverses_id", flat=True
        )
    )
    if reversed_ids and not skip_reversed:
        raise ValueError("This entry has already been reversed.")
    new = [
        _reversal_of(entries[entry.pk], reason=reason, by=by)
        for entry, reason in reversals
        if entry.pk not in reversed_ids
    ]
    if not new:
        return []
    LedgerEntry.objects.bulk_create(new)
    audit_log_bulk(new, actor=by)
    _after_ledger_changes(new)
    return new


def _after_ledger_changes(entries: list[LedgerEntry]) -> None:
    for trainee_id, program_id in sorted(
        {(e.trainee_id, e.program_id) for e in entries}
    ):
        _after_ledger_change(trainee_id=trainee_id, program_id=program_id)


def audit_log_bulk(instances: list, *, actor=None, changes: dict | None = None):
    """Write the django-auditlog rows its save signals would have written, for
    rows saved with bulk_create (changes=None: a "create" with every field) or
    update() (the given changes), in one query. The request's actor and address
    (AuditlogMiddleware) are applied as on a save; `actor` stands in where
    there is none (tasks)."""
    from auditlog.cid import get_cid
    from auditlog.context import auditlog_disabled
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import pre_save
    from django.utils.encoding import smart_str

    if not instances or auditlog_disabled.get():
        return
    model = type(instances[0])
    if not auditlog.contains(model):
        return
    content_type = ContentType.objects.get_for_model(model)
    action = LogEntry.Action.CREATE if changes is None else LogEntry.Action.UPDATE
    cid = get_cid()
    rows = []
    for obj in instances:
        if changes is None:
            diff = model_instance_diff(
                None,
                _without_reverse_lookups(obj),
                use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES,
            )
        else:
            diff = changes
        row = LogEntry(
            content_type=content_type,
            object_pk=str(obj.pk),
            object_id=obj.pk if isinstance(obj.pk, int) else None,
            object_repr=smart_str(obj),
            action=action,
            changes=diff,
            cid=cid,
        )
        # What LogEntry.save() would send: set_actor's receiver fills in the
        # request's actor and address.
        pre_save.send(sender=LogEntry, instance=row, raw=False, update_fields=None)
        if row.actor_id is None and actor is not None:
            row.actor, row.actor_email = actor, getattr(actor, "email", None)
        rows.append(row)
    LogEntry.objects.bulk_create(rows)


def _without_reverse_lookups(obj):
    """A copy whose reverse one-to-one relations read as empty: a row just
    inserted has none, and the diff would otherwise query each one per row."""
    import copy

    clone = copy.copy(obj)
    for rel in obj._meta.related_objects:
        if rel.one_to_one and not rel.is_cached(clone):
            rel.set_cached_value(clone, None)
    return clone


# --- Window extensions and sign-offs -----------------------------------------


@transaction.atomic
def window_extension_grant(
    *, trainee, program, ends_on: datetime.date, reason: str, by
) -> WindowExtension:
    """Extend (or correct) a trainee's completion window; kept with its reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for the extension.")})
    window = completion_window_for(trainee_id=trainee.pk, program=program)
    if window is None:
        raise ValidationError(
            _(
                "This trainee has no cohort in this program, "
                "so there is no window to extend."
            )
        )
    if ends_on <= window.base_ends_on:
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
    claim = _locked_pending_claim(claim_id)
    _refuse_self_approval(trainee_id=claim.trainee_id, approved_by=by)
    if not may_decide_for_trainee(by, claim.trainee):
        raise PermissionError("Only staff or the trainee's trainer approve hours.")
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
    _notify_claim_decided(claim)
    return claim


def _notify_claim_decided(claim: ExternalHoursClaim) -> None:
    notification_create(
        user=claim.trainee,
        kind="hours_decided",
        event_key=f"claim-decided:{claim.pk}",
        # Lazy: written in the trainee's language, not the reviewer's.
        title=(
            gettext_lazy("Your external hours “%(title)s” were approved")
            if claim.status == ClaimStatus.APPROVED
            else gettext_lazy("Your external hours “%(title)s” were not accepted")
        ),
        title_params={"title": claim.activity_title},
        body=claim.decision_message,
        url=reverse("credits:my_hours", args=[claim.program_id]),
    )


@transaction.atomic
def external_hours_reject(*, claim_id: int, by, message: str) -> ExternalHoursClaim:
    """Reject a pending claim with a message the trainee will read."""
    if not message.strip():
        raise ValidationError(
            {"message": _("Tell the trainee why the hours were not accepted.")}
        )
    claim = _locked_pending_claim(claim_id)
    if not may_decide_for_trainee(by, claim.trainee):
        raise PermissionError("Only staff or the trainee's trainer reject hours.")
    claim.status = ClaimStatus.REJECTED
    claim.decided_by = by
    claim.decided_at = timezone.now()
    claim.decision_message = message.strip()[:500]
    claim.save(update_fields=["status", "decided_by", "decided_at", "decision_message"])
    _notify_claim_decided(claim)
    return claim
