"""Attendance writes and the credit rules that turn minutes into ledger hours.

Every credit goes through kaptraining.credits.services.ledger_credit with the
rule that produced it; a correction reverses the earlier entry and credits
anew, so the ledger shows both."""

import math
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kaptraining.credits.models import Source
from kaptraining.credits.services import ledger_credit, ledger_reverse

from .models import (
    Attendance,
    AttendanceSource,
    AttendanceStatus,
    CreditRule,
    CreditRuleKind,
    Enrolment,
    EnrolmentStatus,
    LiveSession,
)

NO_CREDIT = (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)


class AttendanceError(Exception):
    """A user-facing reason attendance cannot be recorded."""


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
        credited = max(0, full - 60 * forfeited)
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


def _validate(session: LiveSession, enrolment: Enrolment, status: str, minutes):
    if enrolment.cohort_id != session.cohort_id:
        raise AttendanceError(_("This trainee is not in the session's cohort."))
    if enrolment.status not in (EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED):
        raise AttendanceError(
            _(
                "%(name)s has no active place in the cohort, so attendance cannot be "
                "recorded."
            )
            % {"name": enrolment.trainee.display_name}
        )
    if session.is_cancelled:
        raise AttendanceError(_("This session was cancelled."))
    if session.starts_at > timezone.now():
        raise AttendanceError(
            _("Attendance can be recorded once the session has started.")
        )
    if status not in AttendanceStatus.values:
        raise AttendanceError(_("Choose an attendance status."))
    if status in NO_CREDIT:
        return 0
    if minutes is None:
        return session.duration_minutes
    if not 0 <= minutes <= session.duration_minutes:
        raise AttendanceError(
            _("Minutes attended must be between 0 and %(max)s, the session's length.")
            % {"max": session.duration_minutes}
        )
    return minutes


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
    minutes = _validate(session, enrolment, status, minutes)
    # Serialise markings of one trainee (two trainers saving at once).
    Enrolment.objects.select_for_update(of=("self",)).filter(pk=enrolment.pk).first()
    current = (
        Attendance.objects.select_for_update(of=("self",))
        .select_related("ledger_entry")
        .filter(session=session, enrolment=enrolment, is_current=True)
        .first()
    )
    if current and (current.status, current.minutes_attended) == (status, minutes):
        return current, False
    rule = rule or default_rule(session.cohort.program)
    credit = credit_for(rule=rule, session=session, status=status, minutes=minutes)
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
        if current.ledger_entry is not None:
            ledger_reverse(
                entry=current.ledger_entry,
                reason=_("Attendance corrected from %(old)s to %(new)s.")
                % {
                    "old": current.get_status_display().lower(),
                    "new": AttendanceStatus(status).label.lower(),
                },
                by=by,
            )
    row = Attendance.objects.create(
        session=session,
        enrolment=enrolment,
        status=status,
        minutes_attended=minutes,
        credited_minutes=credit.minutes,
        rule=credit.rule,
        source=source,
        note=note[:300],
        supersedes=current,
        marked_by=by,
    )
    if credit.minutes > 0:
        entry, _created = ledger_credit(
            trainee=enrolment.trainee,
            program=session.cohort.program,
            category=session.category,
            minutes=credit.minutes,
            source=Source.ATTENDANCE,
            source_id=f"attendance-{row.pk}",
            description=f"{session.title} ({session.get_kind_display()})",
            rule=credit.rule,
            approved_by=by,
            earned_on=timezone.localtime(
                session.starts_at, session.cohort.tzinfo
            ).date(),
        )
        row.ledger_entry = entry
        row.save(update_fields=["ledger_entry"])
    return row, True


@transaction.atomic
def attendance_mark_many(*, session: LiveSession, marks: list[dict], by) -> int:
    """All or nothing: mark many trainees; returns how many rows changed."""
    rule = default_rule(session.cohort.program)
    changed = 0
    for mark in marks:
        _row, did = attendance_mark(session=session, by=by, rule=rule, **mark)
        changed += did
    return changed
