"""Video-meeting attendance reports (Zoom, Teams, Meet exports) matched to the
enrolled trainees of a session's cohort.

Only an exact e-mail match attaches a row to a trainee automatically. A row
whose name alone fits one trainee is offered as a suggestion that the trainer
must confirm; anything else is left for manual matching."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .attendance import attendance_save, default_rule
from .models import (
    AttendanceImport,
    AttendanceSource,
    AttendanceStatus,
    Enrolment,
    EnrolmentStatus,
    LiveSession,
)

MAX_BYTES = 2 * 1024 * 1024
TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
)


class ImportFileError(Exception):
    """The file cannot be used; `errors` lists every problem with its row."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class Participant:
    key: str
    name: str
    email: str
    rows: list[int] = field(default_factory=list)
    intervals: list[tuple[datetime.datetime, datetime.datetime]] = field(
        default_factory=list
    )


def _parse_time(value: str, tz) -> datetime.datetime | None:
    value = value.strip()
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        parsed = None
        for fmt in TIME_FORMATS:
            try:
                parsed = datetime.datetime.strptime(value, fmt)  # noqa: DTZ007
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    if parsed.tzinfo is None:  # exports give local times: the cohort's zone
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(datetime.UTC)


def _column(headers: list[str], *needles: str) -> int | None:
    for i, header in enumerate(headers):
        h = header.strip().lower()
        if any(n in h for n in needles):
            return i
    return None


def read_rows(data: bytes) -> list[list[str]]:
    if len(data) > MAX_BYTES:
        raise ImportFileError([_("The file is larger than 2 MB.")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            [_("The file is not UTF-8 text. Export it again as CSV (UTF-8).")]
        ) from exc
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ImportFileError([_("The file is empty.")])
    return rows


def parse_meeting_csv(data: bytes, *, session: LiveSession) -> list[Participant]:
    """Participants with their join/leave intervals. Any bad row refuses the
    whole file, listing every problem by row number (the header is row 1)."""
    rows = read_rows(data)
    headers = rows[0]
    name_i = _column(headers, "name")
    email_i = _column(headers, "mail")
    join_i = _column(headers, "join")
    leave_i = _column(headers, "leave")
    if join_i is None or leave_i is None or (name_i is None and email_i is None):
        raise ImportFileError(
            [
                _(
                    "The file needs columns for name or e-mail, join time and "
                    "leave time. Found: %(cols)s."
                )
                % {"cols": ", ".join(h.strip() for h in headers)}
            ]
        )
    tz = session.cohort.tzinfo
    errors: list[str] = []
    people: dict[str, Participant] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(i, row=row):
            return row[i].strip() if i is not None and i < len(row) else ""

        name, email = cell(name_i), cell(email_i).lower()
        joined, left = _parse_time(cell(join_i), tz), _parse_time(cell(leave_i), tz)
        problems = []
        if not name and not email:
            problems.append(_("no name or e-mail"))
        if joined is None:
            problems.append(
                _("join time “%(v)s” is not a date and time") % {"v": cell(join_i)}
            )
        if left is None:
            problems.append(
                _("leave time “%(v)s” is not a date and time") % {"v": cell(leave_i)}
            )
        if joined and left and left < joined:
            problems.append(_("leave time is before join time"))
        if problems:
            errors.append(
                _("Row %(n)s: %(p)s.") % {"n": number, "p": "; ".join(problems)}
            )
            continue
        key = email or name.lower()
        person = people.setdefault(key, Participant(key=key, name=name, email=email))
        person.rows.append(number)
        person.intervals.append((joined, left))
    if errors:
        raise ImportFileError(errors)
    if not people:
        raise ImportFileError([_("The file has a header but no attendance rows.")])
    return list(people.values())


def attended_minutes(
    intervals, start, end
) -> tuple[int, datetime.datetime | None, datetime.datetime | None]:
    """Minutes inside [start, end] covered by the union of intervals (a trainee
    who drops and rejoins is not counted twice), first join, last leave."""
    clipped = sorted(
        (max(a, start), min(b, end)) for a, b in intervals if b > start and a < end
    )
    total = datetime.timedelta()
    current = None
    for a, b in clipped:
        if current and a <= current[1]:
            current = (current[0], max(current[1], b))
        else:
            if current:
                total += current[1] - current[0]
            current = (a, b)
    if current:
        total += current[1] - current[0]
    first = min((a for a, _b in intervals), default=None)
    last = max((b for _a, b in intervals), default=None)
    return int(total.total_seconds() // 60), first, last


def _studying(session):
    return list(
        Enrolment.objects.filter(
            cohort_id=session.cohort_id,
            status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED],
        ).select_related("trainee")
    )


@transaction.atomic
def attendance_import_create(
    *, session: LiveSession, data: bytes, filename: str, by
) -> AttendanceImport:
    """Parse and match a report; nothing is credited until the trainer applies it."""
    people = parse_meeting_csv(data, session=session)
    enrolments = _studying(session)
    by_email = {e.trainee.email.lower(): e for e in enrolments}
    by_name: dict[str, list[Enrolment]] = {}
    for e in enrolments:
        names = {e.trainee.get_full_name().lower(), e.trainee.certificate_name.lower()}
        for n in names - {""}:
            by_name.setdefault(n, []).append(e)
    stored = []
    for p in people:
        match, enrolment_id, suggestion = "", None, None
        if p.email and p.email in by_email:
            match, enrolment_id = "email", by_email[p.email].pk
        else:
            candidates = by_name.get(p.name.lower(), [])
            if len(candidates) == 1:
                suggestion = candidates[0].pk
        stored.append(
            {
                "key": p.key,
                "name": p.name,
                "email": p.email,
                "rows": p.rows,
                "intervals": [[a.isoformat(), b.isoformat()] for a, b in p.intervals],
                "match": match,
                "enrolment_id": enrolment_id,
                "suggested_enrolment_id": suggestion,
            }
        )
    return AttendanceImport.objects.create(
        session=session, uploaded_by=by, filename=filename[:200], rows=stored
    )


def marks_from_assignments(imp: AttendanceImport, assignments: dict[str, int | None]):
    """Turn the trainer's confirmed matches (participant key -> enrolment id)
    into attendance marks, merging several participants mapped to one trainee."""
    session = imp.session
    enrolments = {e.pk: e for e in _studying(session)}
    grace = datetime.timedelta(
        minutes=default_rule(session.cohort.program).late_grace_minutes
    )
    per_trainee: dict[int, list] = {}
    for row in imp.rows:
        enrolment_id = assignments.get(row["key"])
        if enrolment_id is None:
            continue
        if enrolment_id not in enrolments:
            raise ImportFileError([_("A chosen trainee is not active in this cohort.")])
        per_trainee.setdefault(enrolment_id, []).extend(
            (datetime.datetime.fromisoformat(a), datetime.datetime.fromisoformat(b))
            for a, b in row["intervals"]
        )
    marks = []
    for enrolment_id, intervals in per_trainee.items():
        minutes, first, last = attended_minutes(
            intervals, session.starts_at, session.ends_at
        )
        if minutes == 0:
            status = AttendanceStatus.ABSENT
        elif first > session.starts_at + grace:
            status = AttendanceStatus.LATE
        elif last < session.ends_at - grace:
            status = AttendanceStatus.LEFT_EARLY
        else:
            status = AttendanceStatus.PRESENT
        if status == AttendanceStatus.PRESENT:
            # Within the grace margin at both ends: credited as the full session,
            # unless they were away in the middle for longer than the margin.
            if minutes >= session.duration_minutes - grace.seconds // 60:
                minutes = session.duration_minutes
        marks.append(
            {
                "enrolment": enrolments[enrolment_id],
                "status": status,
                "minutes": minutes,
                "source": AttendanceSource.IMPORT,
                "note": _("Imported from %(file)s") % {"file": imp.filename},
            }
        )
    return marks


@transaction.atomic
def attendance_import_apply(
    *, import_id: int, assignments: dict[str, int | None], by
) -> int:
    """Record the confirmed matches, once; returns the number of trainees marked
    (or queued: a large report is saved by a task, see AttendanceMarking)."""
    imp = (
        AttendanceImport.objects.select_for_update(of=("self",))
        .select_related("session__cohort__program")
        .get(pk=import_id)
    )
    if imp.applied_at is not None:
        raise ImportFileError([_("This file has already been applied.")])
    marks = marks_from_assignments(imp, assignments)
    attendance_save(session=imp.session, marks=marks, by=by, attendance_import=imp)
    imp.applied_at = timezone.now()
    imp.applied_by = by
    imp.save(update_fields=["applied_at", "applied_by"])
    return len(marks)
