"""Attendance writes and the credit rules that turn minutes into ledger hours.

Every credit goes through the ledger services with the rule that produced it;
a correction reverses the earlier entry and credits anew, so the ledger shows
both. Marking works on batches: a session's whole roster costs the same few
queries as one trainee. Large markings are queued and saved by a task."""

import math
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kaptraining.credits.models import LedgerEntry, Source
from kaptraining.credits.services import (
    audit_log_bulk,
    ledger_credit_many,
    ledger_reverse_many,
)

from .models import (
    Attendance,
    AttendanceImport,
    AttendanceMarking,
    AttendanceSource,
    AttendanceStatus,
    CreditRule,
    CreditRuleKind,
    Enrolment,
    EnrolmentStatus,
    LiveSession,
    MarkingStatus,
)
from .signals import attendance_recorded

NO_CREDIT = (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)
# More trainees than this are saved by a task (ATTENDANCE_TASK_THRESHOLD).
TASK_THRESHOLD = 50
# Trainees saved per transaction by the task.
BATCH_SIZE = 200


class AttendanceError(Exception):
    """A user-facing reason attendance cannot be recorded; `errors` lists
    every problem found in a batch."""

    def __init__(self, *errors: str):
        super().__init__(" ".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class Mark:
    """One trainee's marking as entered (minutes may be empty), JSON-safe so a
    queued marking stores it as is."""

    enrolment_id: int
    status: str
    minutes: int | None = None
    source: str = AttendanceSource.MANUAL
    note: str = ""


def _as_mark(mark: dict | Mark) -> Mark:
    if isinstance(mark, Mark):
        return mark
    enrolment = mark.get("enrolment")
    return Mark(
        enrolment_id=enrolment.pk if enrolment is not None else mark["enrolment_id"],
        status=mark["status"],
        minutes=mark.get("minutes"),
        source=mark.get("source", AttendanceSource.MANUAL),
        note=mark.get("note", "")[:300],
    )


@dataclass(frozen=True)
class Credit:
    minutes: int
    rule: str


def default_rule(program) -> CreditRule:
    """The program's rule, or 15-minute steps when staff set none."""
    rule = CreditRule.objects.filter(program=program).first()
    return rule or CreditRule(
        program=program, kind=CreditRuleKind.STEPS, step_minutes=15
    )


def credit_for(
    *, rule: CreditRule, session: LiveSession, status: str, minutes: int
) -> Credit:
    """Pure: the minutes credited for one trainee at one session, and the rule
    text kept with the ledger entry."""
    full = session.credited_minutes
    scheduled = max(1, session.duration_minutes)
    attended = max(0, min(minutes, scheduled))
    if status in NO_CREDIT or full == 0:
        return Credit(0, f"{status}: no credit")
    if rule.kind == CreditRuleKind.HOUR_FORFEIT:
        missed = scheduled - attended
        grace = rule.forfeit_after_minutes
        forfeited = math.ceil((missed - grace) / 60) if missed > grace else 0
        # A session that is not whole hours leaves a remainder nothing
        # forfeits; someone who attended none of it still earns nothing.
        credited = max(0, full - 60 * forfeited) if attended else 0
        text = (
            f"whole hours, >{grace} min missed forfeits the hour: "
            f"{missed} min missed, {forfeited} h forfeited"
        )
    else:
        # Scale attendance to the session's credit (a 3 h session may credit 2.5 h).
        raw = attended * full // scheduled
        if rule.kind == CreditRuleKind.STEPS:
            credited = raw // rule.step_minutes * rule.step_minutes
            text = f"{rule.step_minutes}-min steps"
        else:
            credited = raw
            text = "proportional"
        text += f": {attended}/{scheduled} min attended"
    return Credit(credited, f"{text} -> {credited}/{full} min"[:200])


def _check_session(session: LiveSession) -> None:
    if session.is_cancelled:
        raise AttendanceError(_("This session was cancelled."))
    if session.starts_at > timezone.now():
        raise AttendanceError(
            _("Attendance can be recorded once the session has started.")
        )


def _checked_minutes(
    session: LiveSession, marks: list[Mark], enrolments: dict[int, Enrolment]
) -> list[int]:
    """The minutes to record for each mark; every problem in the batch is
    raised together, so nothing of a batch with one bad mark is written."""
    errors, minutes, seen = [], [], set()
    for mark in marks:
        enrolment = enrolments.get(mark.enrolment_id)
        if enrolment is None or enrolment.cohort_id != session.cohort_id:
            errors.append(_("This trainee is not in the session's cohort."))
            continue
        name = enrolment.trainee.display_name
        if mark.enrolment_id in seen:
            errors.append(_("%(name)s is marked twice.") % {"name": name})
            continue
        seen.add(mark.enrolment_id)
        if enrolment.status not in (EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED):
            errors.append(
                _(
                    "%(name)s has no active place in the cohort, so attendance "
                    "cannot be recorded."
                )
                % {"name": name}
            )
        elif mark.status not in AttendanceStatus.values:
            errors.append(
                _("Choose an attendance status for %(name)s.") % {"name": name}
            )
        elif mark.status in NO_CREDIT:
            minutes.append(0)
        elif mark.minutes is None:
            minutes.append(session.duration_minutes)
        elif not 0 <= mark.minutes <= session.duration_minutes:
            errors.append(
                _(
                    "Minutes attended by %(name)s must be between 0 and %(max)s, "
                    "the session's length."
                )
                % {"name": name, "max": session.duration_minutes}
            )
        else:
            minutes.append(mark.minutes)
    if errors:
        raise AttendanceError(*errors)
    return minutes


def _mark_batch(
    *, session: LiveSession, marks: list[Mark], by, rule: CreditRule
) -> list[tuple[Attendance, bool]]:
    """The one implementation of marking, in a constant number of queries per
    batch: lock the session and the trainees' enrolments, read their current
    rows, append the changed ones, reverse and credit the ledger in bulk.
    Returns (current row, changed) per mark. Call inside a transaction."""
    # NO KEY UPDATE conflicts with live_session_cancel's FOR UPDATE: a session
    # cannot be cancelled while it is being marked, nor marked once cancelled.
    status, starts_at = (
        LiveSession.objects.select_for_update(no_key=True)
        .filter(pk=session.pk)
        .values_list("status", "starts_at")
        .get()
    )
    session.status, session.starts_at = status, starts_at
    _check_session(session)
    ids = [m.enrolment_id for m in marks]
    # Serialise markings of one trainee (two trainers saving at once).
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.select_for_update(of=("self",))
        .select_related("trainee", "cohort")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    minutes = _checked_minutes(session, marks, enrolments)
    current = {
        a.enrolment_id: a
        for a in Attendance.objects.select_for_update(of=("self",))
        .select_related("ledger_entry")
        .filter(session=session, enrolment_id__in=ids, is_current=True)
    }
    for row in current.values():  # for the audit log's text, without queries
        row.session, row.enrolment = session, enrolments[row.enrolment_id]
    results: list[tuple[Attendance, bool]] = []
    new_rows: list[Attendance] = []
    for mark, mins in zip(marks, minutes, strict=True):
        old = current.get(mark.enrolment_id)
        if old and (old.status, old.minutes_attended) == (mark.status, mins):
            results.append((old, False))
            continue
        credit = credit_for(
            rule=rule, session=session, status=mark.status, minutes=mins
        )
        row = Attendance(
            session=session,
            enrolment=enrolments[mark.enrolment_id],
            status=mark.status,
            minutes_attended=mins,
            credited_minutes=credit.minutes,
            rule=credit.rule,
            source=mark.source,
            note=mark.note[:300],
            supersedes=old,
            marked_by=by,
        )
        new_rows.append(row)
        results.append((row, True))
    if not new_rows:
        return results
    _supersede([r.supersedes for r in new_rows if r.supersedes], new_rows, by=by)
    Attendance.objects.bulk_create(new_rows)
    _credit([r for r in new_rows if r.credited_minutes > 0], session=session, by=by)
    audit_log_bulk(new_rows, actor=by)
    attendance_recorded.send(sender=Attendance, session=session, rows=new_rows, by=by)
    return results


def _supersede(old_rows: list[Attendance], new_rows: list[Attendance], *, by):
    """Old rows stay as they were, no longer current; their credit is reversed."""
    if not old_rows:
        return
    Attendance.objects.filter(pk__in=[r.pk for r in old_rows]).update(is_current=False)
    for row in old_rows:
        row.is_current = False
    audit_log_bulk(old_rows, actor=by, changes={"is_current": ["True", "False"]})
    new_status = {r.enrolment_id: r.status for r in new_rows}
    ledger_reverse_many(
        reversals=[
            (
                row.ledger_entry,
                _("Attendance corrected from %(old)s to %(new)s.")
                % {
                    "old": row.get_status_display().lower(),
                    "new": AttendanceStatus(new_status[row.enrolment_id]).label.lower(),
                },
            )
            for row in old_rows
            if row.ledger_entry is not None
        ],
        by=by,
        # Staff may have reversed a credit from the transcript already.
        skip_reversed=True,
    )


def _credit(rows: list[Attendance], *, session: LiveSession, by) -> None:
    """Credit each row through the ledger (idempotent by row id) and link it."""
    if not rows:
        return
    program = session.cohort.program
    earned_on = timezone.localtime(session.starts_at, session.cohort.tzinfo).date()
    description = f"{session.title} ({session.get_kind_display()})"
    credited = ledger_credit_many(
        entries=[
            LedgerEntry(
                trainee_id=row.enrolment.trainee_id,
                program=program,
                category=session.category,
                minutes=row.credited_minutes,
                source=Source.ATTENDANCE,
                source_id=f"attendance-{row.pk}",
                description=description,
                rule=row.rule,
                approved_by=by,
                earned_on=earned_on,
            )
            for row in rows
        ],
        by=by,
    )
    for row, (entry, _created) in zip(rows, credited, strict=True):
        row.ledger_entry = entry
    Attendance.objects.bulk_update(rows, ["ledger_entry"])


@transaction.atomic
def attendance_mark(
    *,
    session: LiveSession,
    enrolment: Enrolment,
    status: str,
    minutes: int | None,
    by,
    source: str = AttendanceSource.MANUAL,
    note: str = "",
    rule: CreditRule | None = None,
) -> tuple[Attendance, bool]:
    """Record attendance and its credit; returns (current row, changed).
    Unchanged input is a no-op; a change appends a row and corrects the ledger."""
    mark = Mark(enrolment.pk, status, minutes, source, note[:300])
    [(row, changed)] = _mark_batch(
        session=session,
        marks=[mark],
        by=by,
        rule=rule or default_rule(session.cohort.program),
    )
    return row, changed


@transaction.atomic
def attendance_mark_many(
    *, session: LiveSession, marks: list, by, rule: CreditRule | None = None
) -> int:
    """All or nothing: mark many trainees in a constant number of queries;
    returns how many rows changed."""
    results = _mark_batch(
        session=session,
        marks=[_as_mark(m) for m in marks],
        by=by,
        rule=rule or default_rule(session.cohort.program),
    )
    return sum(changed for _row, changed in results)


# --- Large markings, saved by a task ---------------------------------------------


def task_threshold() -> int:
    """Markings of more trainees than this are queued rather than saved in the
    request (about 20 ms per trainee would otherwise hold the page)."""
    return getattr(settings, "ATTENDANCE_TASK_THRESHOLD", TASK_THRESHOLD)


@transaction.atomic
def attendance_marking_start(
    *,
    session: LiveSession,
    marks: list,
    by,
    attendance_import: AttendanceImport | None = None,
) -> AttendanceMarking:
    """Check every mark now (nothing is written if one is wrong), then queue the
    marking; the task saves it in batches once this transaction commits."""
    from .tasks import attendance_marking_run

    marks = [_as_mark(m) for m in marks]
    _check_session(session)
    enrolments = Enrolment.objects.select_related("trainee").in_bulk(
        [m.enrolment_id for m in marks]
    )
    _checked_minutes(session, marks, enrolments)
    marking = AttendanceMarking.objects.create(
        session=session,
        requested_by=by,
        attendance_import=attendance_import,
        marks=[asdict(m) for m in marks],
        total=len(marks),
    )
    attendance_marking_run.delay_on_commit(marking.pk)
    return marking


def attendance_save(
    *,
    session: LiveSession,
    marks: list,
    by,
    attendance_import: AttendanceImport | None = None,
) -> tuple[int, AttendanceMarking | None]:
    """Save small markings now, returning (changes, None); queue large ones,
    returning (0, the queued marking)."""
    if len(marks) > task_threshold():
        return 0, attendance_marking_start(
            session=session, marks=marks, by=by, attendance_import=attendance_import
        )
    return attendance_mark_many(session=session, marks=marks, by=by), None


def attendance_marking_step(*, marking_id: int, batch_size: int = BATCH_SIZE) -> bool:
    """Save the next batch of a queued marking and advance its cursor in the
    same transaction; returns whether batches remain. A batch that cannot be
    saved (a trainee withdrew meanwhile) stops the marking with the reason;
    the batches before it stay saved."""
    try:
        with transaction.atomic():
            marking = (
                AttendanceMarking.objects.select_for_update(of=("self",))
                .select_related("session__cohort__program", "requested_by")
                .filter(pk=marking_id)
                .first()
            )
            if marking is None or marking.is_finished:
                return False
            batch = [
                Mark(**m)
                for m in marking.marks[marking.done : marking.done + batch_size]
            ]
            session = marking.session
            results = _mark_batch(
                session=session,
                marks=batch,
                by=marking.requested_by,
                rule=default_rule(session.cohort.program),
            )
            marking.done += len(batch)
            marking.changed += sum(changed for _row, changed in results)
            marking.status = MarkingStatus.RUNNING
            if marking.done >= marking.total:
                marking.status = MarkingStatus.DONE
                marking.finished_at = timezone.now()
            marking.save(update_fields=["done", "changed", "status", "finished_at"])
            return not marking.is_finished
    except AttendanceError as exc:
        AttendanceMarking.objects.filter(
            pk=marking_id, status__in=[MarkingStatus.QUEUED, MarkingStatus.RUNNING]
        ).update(
            status=MarkingStatus.FAILED,
            error=str(exc)[:1000],
            finished_at=timezone.now(),
        )
        return False
