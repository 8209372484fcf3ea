"""The completion window: the one place that decides when a trainee's hours count.

Every surface that shows or uses a window end (trainee dashboard, enrolment
page, trainer roster and its CSV, at-risk reasons, transcripts, certificate
issuance, e-mails) gets it from here:

- The window opens on the start date of the trainee's current cohort in the
  program (the latest-starting enrolment that is not withdrawn) and ends,
  inclusive, the day before the same date `program.window_months` later.
- The latest extension granted to the trainee in the program replaces that
  end; extensions always apply.
- Dates are the cohort's calendar dates: "today" is taken in the cohort's
  time zone, as ledger_credit stamps `earned_on`.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from .enrolments import EnrolmentFact, current_enrolment, enrolment_facts
from .models import WindowExtension


@dataclass(frozen=True)
class Window:
    starts_on: datetime.date
    ends_on: datetime.date
    base_ends_on: datetime.date
    today: datetime.date
    extension_reason: str = ""

    @property
    def extended(self) -> bool:
        return self.ends_on != self.base_ends_on

    @property
    def closed(self) -> bool:
        return self.today > self.ends_on

    @property
    def days_left(self) -> int:
        """Days on which hours still count, today included."""
        return max(0, (self.ends_on - self.today).days + 1)


def base_window_end(program, start_date: datetime.date) -> datetime.date:
    """The last day hours count, before any extension (inclusive)."""
    return (
        start_date
        + relativedelta(months=program.window_months)
        - datetime.timedelta(days=1)
    )


def latest_extensions(*, program, trainee_ids) -> dict[int, WindowExtension]:
    """Each trainee's latest extension in the program, in one query."""
    latest: dict[int, WindowExtension] = {}
    for ext in WindowExtension.objects.filter(
        trainee_id__in=list(trainee_ids), program=program
    ).order_by("-created_at", "-pk"):
        latest.setdefault(ext.trainee_id, ext)
    return latest


def completion_window(
    *,
    program,
    enrolments: Iterable[EnrolmentFact],
    extension: WindowExtension | None,
    now: datetime.datetime | None = None,
) -> Window | None:
    """The rule itself, pure: the window set by a trainee's enrolments in the
    program and their latest extension; None without a current enrolment."""
    current = current_enrolment(enrolments)
    if current is None:
        return None
    base_end = base_window_end(program, current.starts_on)
    return Window(
        starts_on=current.starts_on,
        ends_on=extension.ends_on if extension else base_end,
        base_ends_on=base_end,
        today=timezone.localtime(now or timezone.now(), current.tzinfo).date(),
        extension_reason=extension.reason if extension else "",
    )


def completion_windows(
    *, program, trainee_ids, now=None, enrolments: Iterable[EnrolmentFact] | None = None
) -> dict[int, Window]:
    """Windows of many trainees in one program, in two queries (enrolments,
    extensions) whatever their number; trainees without a current enrolment
    have none. Pass `enrolments` already loaded to save the first query."""
    ids = list(trainee_ids)
    if enrolments is None:
        enrolments = enrolment_facts(trainee_ids=ids, program_id=program.pk)
    by_trainee: dict[int, list[EnrolmentFact]] = defaultdict(list)
    for fact in enrolments:
        by_trainee[fact.trainee_id].append(fact)
    extensions = latest_extensions(program=program, trainee_ids=ids)
    now = now or timezone.now()
    windows = {}
    for trainee_id in ids:
        window = completion_window(
            program=program,
            enrolments=by_trainee[trainee_id],
            extension=extensions.get(trainee_id),
            now=now,
        )
        if window is not None:
            windows[trainee_id] = window
    return windows


def completion_window_for(*, trainee_id: int, program, now=None) -> Window | None:
    """One trainee's window in one program (None without a current enrolment)."""
    return completion_windows(program=program, trainee_ids=[trainee_id], now=now).get(
        trainee_id
    )


def implausible_pace(*, required_hours: float, days_left: int) -> bool:
    """THE rule for "too little time left": earning the program's required
    hours would take more than settings.IMPLAUSIBLE_HOURS_PER_DAY hours on
    every remaining day of the window (e.g. 150 hours in 39 days). Enrolment
    and checkout then demand an explicit consent before selling a place."""
    if required_hours <= 0:
        return False
    if days_left <= 0:
        return True
    return required_hours / days_left > settings.IMPLAUSIBLE_HOURS_PER_DAY


@dataclass(frozen=True)
class JoinWindow:
    """The window a trainee would get by joining a cohort today."""

    starts_on: datetime.date
    ends_on: datetime.date
    days_left: int
    required_hours: float
    implausible: bool


def window_if_joined(
    *, program, starts_on: datetime.date, today: datetime.date
) -> JoinWindow:
    """The window (no extension) opening on `starts_on` for someone joining
    on `today`: days left count from whichever is later."""
    ends_on = base_window_end(program, starts_on)
    days_left = max(0, (ends_on - max(today, starts_on)).days + 1)
    required = float(program.required_hours or 0)
    return JoinWindow(
        starts_on=starts_on,
        ends_on=ends_on,
        days_left=days_left,
        required_hours=required,
        implausible=implausible_pace(required_hours=required, days_left=days_left),
    )
