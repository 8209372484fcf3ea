"""What credits knows about enrolments: facts handed over by the app that owns them.

Enrolments belong to cohorts, a layer above credits, so credits never imports
them. Cohorts registers a source here from its AppConfig.ready(); credits
asks it for the facts a window or an eligibility check needs (which cohort
start, which time zone, which status), in one query for any number of
trainees.
"""

import datetime
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

WITHDRAWN = "withdrawn"
PENDING_PAYMENT = "pending_payment"


@dataclass(frozen=True)
class EnrolmentFact:
    """One trainee's place in one run of a program, as credits sees it."""

    pk: int
    trainee_id: int
    program_id: int
    status: str
    starts_on: datetime.date  # the cohort's start: the window opens here
    timezone: str  # the cohort's zone: window dates are its calendar dates

    @property
    def withdrawn(self) -> bool:
        return self.status == WITHDRAWN

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class EnrolmentSource(Protocol):
    def __call__(
        self, *, trainee_ids: list[int], program_id: int | None
    ) -> Iterable[EnrolmentFact]: ...


_sources: dict[str, EnrolmentSource] = {}


def register_enrolment_source(
    key: str,
) -> Callable[[EnrolmentSource], EnrolmentSource]:
    """Decorator: `source(*, trainee_ids, program_id)` returns the enrolments
    of those trainees (in that program, or in any with program_id=None).
    Registering the same key again replaces the source (autoreload, tests)."""

    def decorator(source: EnrolmentSource) -> EnrolmentSource:
        _sources[key] = source
        return source

    return decorator


def enrolment_facts(
    *, trainee_ids: Iterable[int], program_id: int | None = None
) -> list[EnrolmentFact]:
    """Every registered source's enrolments of these trainees (withdrawn ones
    included: callers decide what a withdrawal means)."""
    ids = list(trainee_ids)
    if not ids:
        return []
    return [
        fact
        for source in _sources.values()
        for fact in source(trainee_ids=ids, program_id=program_id)
    ]


def current_enrolment(facts: Iterable[EnrolmentFact]) -> EnrolmentFact | None:
    """The enrolment that sets a trainee's window in a program: the latest
    starting one that is not withdrawn."""
    return max(
        (f for f in facts if not f.withdrawn),
        key=lambda f: (f.starts_on, f.pk),
        default=None,
    )
