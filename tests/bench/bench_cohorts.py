# ruff: noqa: T201 - a benchmark prints its figures
"""Benchmark: the trainer's roster (cohort_roster / roster CSV), marking a
whole session's attendance (in the request, corrected, and queued in batches
as the task runs it), and matching a video-meeting report.

Run: .venv/bin/python -m tests.bench.bench_cohorts [--sizes 100 500 2000]
Needs a migrated database (DATABASE_URL, default the dev SQLite file; use
PostgreSQL for figures that mean something). Everything it creates is rolled
back at the end. Prints wall time and query counts per size."""

import argparse
import datetime
import os
import time


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaptraining.settings.dev")
    import django

    django.setup()


class _Rollback(Exception):
    pass


def _populate(n: int, sessions: int = 10):
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from cohorts.models import Attendance, Enrolment, LiveSession
    from kaptraining.accounts.models import User
    from kaptraining.credits.models import LedgerEntry
    from tests.factories import CohortFactory, UserFactory, make_program

    program = make_program(lessons=0)
    cohort = CohortFactory(program=program, capacity=n + 10)
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    stamp = time.time_ns()
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"b{stamp}-{i}@bench.example.org",
            first_name="T",
            last_name=f"{i}",
            password=password,
        )
        for i in range(n)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, trainee=u, status="active") for u in users
    )
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            trainee=u,
            program=program,
            category=c,
            minutes=90,
            source="adjustment",
            source_id=f"b-{u.pk}-{c}",
            description="bench",
        )
        for u in users
        for c in ("didactic", "ethics")
    )
    start = timezone.now() - datetime.timedelta(days=2)
    rows = []
    for k in range(sessions):
        s = LiveSession.objects.create(
            cohort=cohort,
            kind="webinar",
            title=f"Bench {k}",
            starts_at=start - datetime.timedelta(days=k),
            ends_at=start - datetime.timedelta(days=k) + datetime.timedelta(hours=2),
            meeting_url="https://meet.example.org/b",
            credited_minutes=120,
            category="didactic",
        )
        rows += [
            Attendance(
                session=s,
                enrolment=e,
                status="present",
                minutes_attended=120,
                credited_minutes=120,
                marked_by=trainer,
            )
            for e in enrolments
        ]
    Attendance.objects.bulk_create(rows, batch_size=2000)
    fresh = LiveSession.objects.create(
        cohort=cohort,
        kind="webinar",
        title="Bench marking",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        meeting_url="https://meet.example.org/b",
        credited_minutes=120,
        category="didactic",
    )
    return cohort, trainer, enrolments, fresh


def _timed(fn):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the query log keeps 9,000 entries; start each count empty
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - started
    return result, elapsed, len(ctx)


# Measured before marking worked in batches (one trainee at a time, each with
# its own locks, ledger credit and audit rows): ~20 queries per trainee, and
# about 70 s for 500 trainees on a loaded server.
BEFORE = "before: ~20 queries/trainee, ~70 s for 500 under load"


def _mark(n, cohort, trainer, enrolments, fresh) -> None:
    """Marking a whole session: in the request (one batch), a correction of
    it, and a queued marking run as the task runs it (batches of 200)."""
    from cohorts.attendance import (
        BATCH_SIZE,
        attendance_mark_many,
        attendance_marking_start,
        attendance_marking_step,
    )
    from cohorts.models import LiveSession

    marks = [{"enrolment": e, "status": "late", "minutes": 95} for e in enrolments]
    _c, t, q = _timed(
        lambda: attendance_mark_many(session=fresh, marks=marks, by=trainer)
    )
    print(
        f"  mark attendance {n:5d}:        {t * 1000:8.1f} ms, {q} queries"
        f" (one batch, incl. ledger credit and audit log; {BEFORE})"
    )
    corrected = [{**m, "status": "left_early", "minutes": 60} for m in marks]
    _c, t, q = _timed(
        lambda: attendance_mark_many(session=fresh, marks=corrected, by=trainer)
    )
    print(
        f"  correct attendance {n:5d}:     {t * 1000:8.1f} ms, {q} queries"
        " (one batch: rows superseded, credits reversed and re-credited)"
    )
    other = LiveSession.objects.create(
        cohort=cohort,
        kind="webinar",
        title="Bench queued marking",
        starts_at=fresh.starts_at - datetime.timedelta(hours=3),
        ends_at=fresh.starts_at - datetime.timedelta(hours=1),
        meeting_url="https://meet.example.org/b",
        credited_minutes=120,
        category="didactic",
    )

    def queued():
        marking = attendance_marking_start(session=other, marks=marks, by=trainer)
        while attendance_marking_step(marking_id=marking.pk):
            pass
        return marking

    _m, t, q = _timed(queued)
    batches = -(-n // BATCH_SIZE)
    print(
        f"  queued marking {n:5d}:         {t * 1000:8.1f} ms, {q} queries"
        f" ({batches} batches of {BATCH_SIZE}, as the task runs it)"
    )


def run(n: int, *, marking: bool = True) -> None:
    from django.db import transaction

    from cohorts.meeting_import import attendance_import_create
    from cohorts.roster import cohort_roster, roster_csv

    try:
        with transaction.atomic():
            cohort, trainer, enrolments, fresh = _populate(n)
            (_rows, _s), t, q = _timed(lambda: cohort_roster(cohort))
            print(f"  cohort_roster, {n:5d} trainees: {t * 1000:8.1f} ms, {q} queries")
            _csv, t, q = _timed(lambda: roster_csv(cohort))
            print(f"  roster CSV,    {n:5d} trainees: {t * 1000:8.1f} ms, {q} queries")
            header = "Name,Email,Join Time,Leave Time\n"
            local = fresh.starts_at.astimezone(cohort.tzinfo).replace(tzinfo=None)
            body = "".join(
                f"T {i},{e.trainee.email},{local:%Y-%m-%d %H:%M},"
                f"{local + datetime.timedelta(minutes=110):%Y-%m-%d %H:%M}\n"
                for i, e in enumerate(enrolments)
            )
            imp, t, q = _timed(
                lambda: attendance_import_create(
                    session=fresh,
                    data=(header + body).encode(),
                    filename="b.csv",
                    by=trainer,
                )
            )
            matched = sum(1 for r in imp.rows if r["enrolment_id"])
            print(
                f"  meeting import {n:5d} rows:     {t * 1000:8.1f} ms, {q} queries, "
                f"{matched} matched"
            )
            if not marking:
                raise _Rollback
            _mark(n, cohort, trainer, enrolments, fresh)
            raise _Rollback
    except _Rollback:
        pass


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 500, 2000])
    parser.add_argument(
        "--no-marking", action="store_true", help="skip attendance marking"
    )
    args = parser.parse_args(argv if argv is not None else [])
    _setup_django()
    import logging

    logging.disable(logging.WARNING)
    for n in args.sizes:
        run(n, marking=not args.no_marking)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
