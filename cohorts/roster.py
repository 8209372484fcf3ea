"""The trainer's view of a cohort: progress for many trainees at once, who is
at risk and why, and the roster as CSV (export, and import with validation).

Progress and completion windows come from credits (program_progress_many, the
one eligibility function, which asks credits.windows for each window) for the
whole cohort in a fixed number of queries, so the roster, the trainee's
dashboard and their enrolment page always agree."""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q, Sum, prefetch_related_objects
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kaptraining.accounts.models import LicenceType
from kaptraining.accounts.states import US_STATES
from kaptraining.core import csv as safe_csv
from kaptraining.core.categories import Category
from kaptraining.core.hours import format_hours
from kaptraining.credits.progress import Progress, program_progress_many
from kaptraining.credits.windows import Window, base_window_end

from .meeting_import import ImportFileError, read_rows
from .models import (
    Attendance,
    AttendanceStatus,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    LiveSession,
    SessionStatus,
    seats_taken,
)

# Behind this share of the hours expected by today is "at risk".
PACE_TOLERANCE = 0.8
ABSENCES_AT_RISK = 2
PRESENT_LIKE = [
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.LEFT_EARLY,
]


@dataclass(frozen=True)
class RosterColumn:
    """A column an app above cohorts adds to the roster (study adds quiz
    standing), so cohorts shows it without importing that app."""

    key: str
    heading: str  # the table heading
    cell_template: str  # renders one <td>; its context has `cell` and `cohort`
    csv_headers: tuple[str, ...]
    csv_keys: tuple[str, ...]  # each cell's values for csv_headers, in order
    cells: dict[int, dict]  # by enrolment id
    default: dict = field(default_factory=dict)  # the cell of an enrolment not in cells
    in_table: bool = True  # False: CSV only (e.g. nothing to show yet)
    # The roster can be filtered on this column: (value, label) choices, and
    # each cell's "filter" value (payments: the payment state).
    filters: tuple[tuple[str, str], ...] = ()

    def cell(self, enrolment_id: int) -> dict:
        return self.cells.get(enrolment_id, self.default)


RosterColumnProvider = Callable[[Cohort, list[Enrolment]], RosterColumn]
_column_providers: dict[str, RosterColumnProvider] = {}


def register_roster_column(
    key: str,
) -> Callable[[RosterColumnProvider], RosterColumnProvider]:
    """Decorator for `provider(cohort, enrolments) -> RosterColumn`, called once
    per roster (one or two queries for the whole cohort, never one per row).
    Registering a key again replaces its provider."""

    def decorator(provider: RosterColumnProvider) -> RosterColumnProvider:
        _column_providers[key] = provider
        return provider

    return decorator


@dataclass
class RosterRow:
    enrolment: Enrolment
    progress: Progress | None
    attended: int = 0
    absent: int = 0
    excused: int = 0
    attendance_minutes: int = 0
    risks: list[str] = field(default_factory=list)
    by_category: list[int] = field(default_factory=list)
    # (column, cell) for each column another app added (roster_columns)
    columns: list[tuple["RosterColumn", dict]] = field(default_factory=list)

    @property
    def trainee(self):
        return self.enrolment.trainee

    @property
    def at_risk(self) -> bool:
        return bool(self.risks)

    @property
    def window(self) -> Window | None:
        return self.progress.window if self.progress else None

    def earned(self, category: str) -> int:
        if self.progress is None:
            return 0
        for c in self.progress.categories:
            if c.category == category:
                return c.counted_minutes
        return 0


def pace_risk(progress: Progress, today: datetime.date | None = None) -> str:
    """Empty when on schedule; else why not (pure, for one trainee). The
    schedule is the trainee's own completion window, extensions included."""
    window = progress.window
    if window is None or progress.hours_met:
        return ""
    today = today or window.today
    start, end = window.starts_on, window.ends_on
    if today <= start:
        return ""
    if today > end:
        return _(
            "The completion window ended on %(date)s with %(missing)s hours still "
            "missing."
        ) % {
            "date": date_format(end),
            "missing": format_hours(progress.missing_minutes),
        }
    # The share of the window's days gone by, today included.
    fraction = (today - start).days / max(1, (end - start).days + 1)
    expected = progress.required_minutes * fraction
    if progress.counted_minutes < expected * PACE_TOLERANCE:
        return _(
            "Has %(have)s of the %(expected)s hours expected by now to finish "
            "%(required)s hours by %(date)s."
        ) % {
            "have": format_hours(progress.counted_minutes),
            "expected": format_hours(int(expected)),
            "required": format_hours(progress.required_minutes),
            "date": date_format(end),
        }
    return ""


def cohort_roster(
    cohort: Cohort, *, today: datetime.date | None = None
) -> tuple[list[RosterRow], dict]:
    """Every enrolment with progress, attendance and risk, in a fixed number of
    queries whatever the cohort's size. Returns (rows, summary). `today`
    (default: each trainee's today in the cohort's zone) sets the pace."""
    program = cohort.program
    # Loaded once for the roster and for program_progress_many.
    prefetch_related_objects([program], "category_requirements")
    requirements = list(program.category_requirements.all())
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .select_related("trainee")
        .order_by("trainee__last_name", "trainee__first_name", "trainee__email")
    )
    progress_by_trainee = program_progress_many(
        program=program,
        trainees=[e.trainee for e in enrolments if e.is_active],
        cached=True,
    )
    attendance = {
        row["enrolment_id"]: row
        for row in Attendance.objects.current()
        .filter(session__cohort=cohort)
        .values("enrolment_id")
        .annotate(
            attended=Count("pk", filter=Q(status__in=PRESENT_LIKE)),
            absent=Count("pk", filter=Q(status=AttendanceStatus.ABSENT)),
            excused=Count("pk", filter=Q(status=AttendanceStatus.EXCUSED)),
            minutes=Sum("credited_minutes"),
        )
        .order_by()
    }
    held = LiveSession.objects.filter(
        cohort=cohort, status=SessionStatus.SCHEDULED, starts_at__lte=timezone.now()
    ).count()
    columns = [provide(cohort, enrolments) for provide in _column_providers.values()]
    rows = []
    for enrolment in enrolments:
        progress = (
            progress_by_trainee.get(enrolment.trainee_id)
            if enrolment.is_active
            else None
        )
        a = attendance.get(enrolment.pk, {})
        row = RosterRow(
            enrolment=enrolment,
            progress=progress,
            attended=a.get("attended", 0),
            absent=a.get("absent", 0),
            excused=a.get("excused", 0),
            attendance_minutes=a.get("minutes") or 0,
            columns=[(column, column.cell(enrolment.pk)) for column in columns],
        )
        if progress is not None and enrolment.status == EnrolmentStatus.ACTIVE:
            reason = pace_risk(progress, today)
            if reason:
                row.risks.append(reason)
            if row.absent >= ABSENCES_AT_RISK:
                row.risks.append(
                    _("Missed %(n)s live sessions without an excuse.")
                    % {"n": row.absent}
                )
        rows.append(row)
    categories = [r.category for r in requirements] or list(Category.values)
    for row in rows:
        row.by_category = [row.earned(c) for c in categories]
    summary = {
        "held": held,
        "categories": [(c, Category(c).label) for c in categories],
        "at_risk": sum(r.at_risk for r in rows),
        "columns": columns,
        # The cohort's standard window; a trainee's own may be extended.
        "window_end": base_window_end(program, cohort.start_date),
    }
    return rows, summary


def roster_csv(cohort: Cohort) -> str:
    rows, summary = cohort_roster(cohort)
    out = io.StringIO()
    writer = safe_csv.writer(out)
    writer.writerow(
        [
            "email",
            "first_name",
            "last_name",
            "licence_type",
            "licence_state",
            "licence_number",
            "pre_licensed",
            "status",
            "total_hours",
        ]
        + [f"{c}_hours" for c, _label in summary["categories"]]
        + [
            "sessions_attended",
            "sessions_absent",
            "sessions_excused",
        ]
        + [header for column in summary["columns"] for header in column.csv_headers]
        + [
            "at_risk",
            "at_risk_reason",
            "window_ends",
        ]
    )
    for r in rows:
        t = r.trainee
        writer.writerow(
            [
                t.email,
                t.first_name,
                t.last_name,
                t.licence_type,
                t.licence_state,
                t.licence_number,
                "yes" if t.is_pre_licensed else "no",
                r.enrolment.status,
                format_hours(r.progress.counted_minutes) if r.progress else "0",
            ]
            + [format_hours(r.earned(c)) for c, _label in summary["categories"]]
            + [
                r.attended,
                r.absent,
                r.excused,
            ]
            + [cell[key] for column, cell in r.columns for key in column.csv_keys]
            + [
                "yes" if r.at_risk else "no",
                " ".join(r.risks),
                r.window.ends_on.isoformat() if r.window else "",
            ]
        )
    return out.getvalue()


# --- import -------------------------------------------------------------------

IMPORT_COLUMNS = [
    "email",
    "first_name",
    "last_name",
    "licence_type",
    "licence_state",
    "licence_number",
    "licence_expiry",
]
REQUIRED_COLUMNS = ["email", "first_name", "last_name"]
STATES = {code for code, _name in US_STATES}


@dataclass
class ImportRow:
    number: int
    email: str
    first_name: str
    last_name: str
    licence_type: str
    licence_state: str
    licence_number: str
    licence_expiry: datetime.date | None


def parse_roster_csv(data: bytes, *, cohort: Cohort) -> list[ImportRow]:
    """Validate every row; any problem refuses the whole file with all errors,
    each with its row number (the header is row 1)."""
    rows = read_rows(data)
    headers = [h.strip().lower() for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        raise ImportFileError(
            [
                _("The header row is missing: %(cols)s. Expected columns: %(all)s.")
                % {"cols": ", ".join(missing), "all": ", ".join(IMPORT_COLUMNS)}
            ]
        )
    index = {name: headers.index(name) for name in IMPORT_COLUMNS if name in headers}
    User = get_user_model()
    errors, parsed, seen = [], [], {}
    for number, raw in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        values = {k: (raw[i].strip() if i < len(raw) else "") for k, i in index.items()}
        problems = []
        email = values.get("email", "").lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                _("“%(v)s” is not an e-mail address") % {"v": email or _("(empty)")}
            )
        if email in seen:
            problems.append(
                _("the same e-mail is already on row %(n)s") % {"n": seen[email]}
            )
        for col in ("first_name", "last_name"):
            if not values.get(col):
                problems.append(_("%(col)s is empty") % {"col": col})
        ltype = values.get("licence_type", "")
        if ltype and ltype not in LicenceType.values:
            problems.append(
                _("licence_type “%(v)s” is not one of %(ok)s")
                % {"v": ltype, "ok": ", ".join(LicenceType.values)}
            )
        state = values.get("licence_state", "").upper()
        if state and state not in STATES:
            problems.append(
                _("licence_state “%(v)s” is not a US state code") % {"v": state}
            )
        expiry = None
        if values.get("licence_expiry"):
            try:
                expiry = datetime.date.fromisoformat(values["licence_expiry"])
            except ValueError:
                problems.append(
                    _("licence_expiry “%(v)s” is not a date (YYYY-MM-DD)")
                    % {"v": values["licence_expiry"]}
                )
        if problems:
            errors.append(
                _("Row %(n)s: %(p)s.") % {"n": number, "p": "; ".join(problems)}
            )
        else:
            seen[email] = number
            parsed.append(
                ImportRow(
                    number,
                    email,
                    values["first_name"],
                    values["last_name"],
                    ltype,
                    state,
                    values.get("licence_number", ""),
                    expiry,
                )
            )
    if parsed:
        by_email = {r.email: r for r in parsed}
        enrolled = (
            Enrolment.objects.filter(cohort=cohort, trainee__email__in=list(by_email))
            .exclude(status=EnrolmentStatus.WITHDRAWN)
            .values_list("trainee__email", flat=True)
        )
        for email in enrolled:
            errors.append(
                _("Row %(n)s: %(e)s already has a place in this cohort.")
                % {"n": by_email[email].number, "e": email}
            )
        staff = User.objects.filter(
            email__in=list(by_email), is_staff=True
        ).values_list("email", flat=True)
        for email in staff:
            errors.append(
                _("Row %(n)s: %(e)s is a staff account and cannot be enrolled here.")
                % {"n": by_email[email].number, "e": email}
            )
    if not errors and not parsed:
        errors.append(_("The file has a header but no trainees."))
    if not errors and len(parsed) > cohort.capacity - seats_taken(cohort.pk):
        errors.append(
            _("The file lists %(n)s trainees but only %(free)s places are free.")
            % {
                "n": len(parsed),
                "free": max(0, cohort.capacity - seats_taken(cohort.pk)),
            }
        )
    if errors:
        raise ImportFileError(sorted(errors, key=_row_number))
    return parsed


def _row_number(message: str) -> int:
    digits = "".join(ch for ch in message.split(":")[0] if ch.isdigit())
    return int(digits) if digits else 0


@transaction.atomic
def roster_import(*, cohort_id: int, data: bytes, activate: bool, by=None) -> list:
    """All rows or none: invite each person named (cohorts.invitations). Nobody
    is enrolled, and no account is created or read, until they accept.
    Validation runs again under the cohort lock so capacity cannot be overrun."""
    from .invitations import invitations_create

    cohort = (
        Cohort.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=cohort_id)
    )
    rows = parse_roster_csv(data, cohort=cohort)
    return invitations_create(cohort=cohort, rows=rows, activate=activate, by=by)
