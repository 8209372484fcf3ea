"""What every part of the loader shares: the clock that replays the story at
the dates it happened, the record of parts already loaded, and demo accounts.

The story is told relative to the day of the first load. Each part is made
once, in one transaction with its DemoUnit row; a later run (on any day) skips
it, so nothing a user has seen moves and nothing a user changed is undone."""

import contextlib
import datetime
import functools
import random
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

import time_machine
from allauth.account.models import EmailAddress
from celery import Task
from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from .constants import DEMO_DOMAIN, DEMO_PASSWORD
from .models import DemoUnit


class StoryError(Exception):
    """The demo data does not tell the story it promises (a loader bug)."""


# --- the clock ------------------------------------------------------------------


@contextlib.contextmanager
def at(moment: datetime.datetime):
    """Run the block as if it were `moment`. Every service then stamps what it
    writes (completed_at, signed off, issued, paid...) with the story's date,
    exactly as it does when a person acts on that day."""
    if timezone.is_naive(moment):
        raise ValueError("The story's moments are aware datetimes.")
    with time_machine.travel(moment, tick=True):
        yield


def local(day: datetime.date, hour: int, minute: int = 0, *, tz: str):
    """A wall-clock time on `day` in the time zone `tz`."""
    return datetime.datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(tz)
    )


def monday_on_or_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def monday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


@dataclass(frozen=True)
class Calendar:
    """The story's dates, from the day of the first load: one cohort finished
    about three months ago, one is half way through its year, one opens for
    enrolment and starts next month, one admits by application after that."""

    today: datetime.date

    @property
    def finished_start(self) -> datetime.date:
        return monday_on_or_before(self.today - relativedelta(months=15))

    @property
    def running_start(self) -> datetime.date:
        return monday_on_or_before(self.today - relativedelta(months=6))

    @property
    def open_start(self) -> datetime.date:
        return monday_on_or_after(self.today.replace(day=1) + relativedelta(months=1))

    @property
    def retreat_start(self) -> datetime.date:
        return monday_on_or_after(self.today.replace(day=1) + relativedelta(months=3))

    @property
    def program_created(self) -> datetime.date:
        """Staff published the curriculum well before the first demo cohort."""
        return self.finished_start - datetime.timedelta(days=120)


def cohort_end(start: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=364)


# --- the timeline -------------------------------------------------------------------


@dataclass(order=True)
class Event:
    at: datetime.datetime
    order: int
    action: Callable[[], object] = field(compare=False)


class Timeline:
    """Things people did, replayed in the order they happened, each at its
    own moment. Events in the future (after the load's `now`) are dropped:
    the story never invents what has not happened yet."""

    def __init__(self, now: datetime.datetime):
        self.now = now
        self.events: list[Event] = []

    def add(self, moment: datetime.datetime, action: Callable[[], object]) -> None:
        if moment <= self.now:
            self.events.append(Event(moment, len(self.events), action))

    def run(self) -> None:
        for event in sorted(self.events):
            with at(event.at):
                event.action()
        self.events = []


def drop_repeated_commit_hooks(using: str = "default") -> int:
    """A year of history in one transaction queues the same after-commit task
    thousands of times: every credit asks for "issue the certificate if
    (trainee, program) is now eligible". Each such task re-reads everything
    when it runs, so after one commit a single call per distinct task and
    arguments does all the work of the repeats. Keep the first of each;
    return how many were dropped. Only Celery tasks (idempotent by house
    rule) queued with delay_on_commit are merged; nothing else is touched."""
    connection = transaction.get_connection(using)
    seen, kept, dropped = set(), [], 0
    for hook in connection.run_on_commit:
        func = hook[1]
        key = None
        if isinstance(func, functools.partial) and isinstance(
            getattr(func.func, "__self__", None), Task
        ):
            try:
                key = (func.func, func.args, frozenset(func.keywords.items()))
                hash(key)
            except TypeError:
                key = None
        if key is not None and key in seen:
            dropped += 1
            continue
        if key is not None:
            seen.add(key)
        kept.append(hook)
    connection.run_on_commit[:] = kept
    return dropped


# --- the demo --------------------------------------------------------------------


class Demo:
    """State shared by the parts of one load: today's date (taken once), the
    accounts by key, and the password hash every demo account shares (hashed
    once: PBKDF2 per account would cost a third of a second each)."""

    def __init__(self, *, today: datetime.date | None = None):
        self.now = timezone.now()
        self.today = today or timezone.localdate(self.now)
        self.calendar = Calendar(self.today)
        self.password = make_password(DEMO_PASSWORD)
        self.made: list[str] = []
        self.held_mail = 0

    def rng(self, *seed) -> random.Random:
        """Variety that is the same on every machine (never for security)."""
        return random.Random(":".join(str(s) for s in seed))  # noqa: S311

    def timeline(self) -> Timeline:
        return Timeline(self.now)

    def unit(self, key: str, build: Callable[[], object]) -> bool:
        """Build one part of the story unless it was loaded before; the part
        and its record commit together. Returns whether it was built."""
        if DemoUnit.objects.filter(key=key).exists():
            return False
        with transaction.atomic():
            build()
            DemoUnit.objects.create(key=key)
            drop_repeated_commit_hooks()
        self.made.append(key)
        return True

    def person(self, key: str, first: str, last: str, **fields):
        """The demo account `key@DEMO_DOMAIN`, made once with a verified
        address; an existing account is returned as it is."""
        email = f"{key}@{DEMO_DOMAIN}"
        user, created = get_user_model().objects.get_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "password": self.password,
                **fields,
            },
        )
        if created:
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        return user

    def account(self, key: str):
        return get_user_model().objects.get(email=f"{key}@{DEMO_DOMAIN}")
