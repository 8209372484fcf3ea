# ruff: noqa: T201 - a benchmark prints its figures
"""Benchmark: bulk certificate issuance for one cohort, the way Celery runs it
(certificates_issue_for_cohort in batches with a cursor), executed in-process.

Run: .venv/bin/python -m tests.bench.bench_certificates [--trainees 1000] [--batch 50]
Needs a migrated database (DATABASE_URL, default the dev SQLite file; use
PostgreSQL for figures that mean something). Every row it creates is rolled
back at the end and files go to a temporary directory. Prints the total time,
the time per certificate, queries per certificate, and where the time goes
(PDF rendering vs. credential signing)."""

import argparse
import logging
import os
import shutil
import tempfile
import time


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaptraining.settings.dev")
    import django

    django.setup()


class _Rollback(Exception):
    pass


def _make_cohort(trainees: int):
    from django.contrib.auth.hashers import make_password

    from cohorts.models import Cohort, Enrolment
    from kaptraining.accounts.models import User
    from kaptraining.credits.models import LedgerEntry
    from tests.factories import CohortFactory, make_program

    program = make_program(lessons=0)
    cohort = CohortFactory(program=program, capacity=trainees)
    password = make_password(None)
    stamp = int(time.time())
    users = User.objects.bulk_create(
        User(
            email=f"bench{stamp}-{i}@example.org",
            first_name=f"Trainee{i}",
            last_name="Bench",
            password=password,
            licence_type="psychologist",
            licence_number=f"PSY {i}",
            licence_state="CA",
        )
        for i in range(trainees)
    )
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, trainee=u, status="active") for u in users
    )
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            trainee=u,
            program=program,
            category=category,
            minutes=minutes,
            source="adjustment",
            source_id=f"bench-{category}",
            description="Benchmark credit",
        )
        for u in users
        for category, minutes in (("didactic", 120), ("ethics", 60))
    )
    assert Cohort.objects.filter(pk=cohort.pk).exists()
    return program, cohort


def run(trainees: int, batch: int) -> None:
    from django.conf import settings
    from django.db import connection, transaction

    from kaptraining.celery import app
    from kaptraining.certificates import services
    from kaptraining.certificates.models import Certificate
    from kaptraining.certificates.tasks import certificates_issue_for_cohort

    app.conf.task_always_eager = True  # run the batches here, in order
    for noisy in ("celery", "weasyprint", "weasyprint.progress"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PRIVATE_ROOT = tempfile.mkdtemp(prefix="kap-bench-certs-")
    settings.OB_SIGNING_KEY_AUTOGENERATE = True

    timings = {"pdf": 0.0, "sign": 0.0}

    def timed(name, fn):
        def wrapper(**kwargs):
            started = time.perf_counter()
            try:
                return fn(**kwargs)
            finally:
                timings[name] += time.perf_counter() - started

        return wrapper

    services.certificate_render_pdf = timed("pdf", services.certificate_render_pdf)
    services.certificate_sign = timed("sign", services.certificate_sign)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            program, cohort = _make_cohort(trainees)
            setup = time.perf_counter() - started
            print(f"setup: {trainees} eligible trainees in {setup:.1f} s")

            queries = 0

            def count(execute, sql, params, many, context):
                nonlocal queries
                queries += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                started, cpu_started = time.perf_counter(), time.process_time()
                certificates_issue_for_cohort.delay(cohort.pk, 0, batch)
                total = time.perf_counter() - started
                cpu = time.process_time() - cpu_started
            issued = Certificate.objects.filter(program=program).count()
            assert issued == trainees, f"expected {trainees} certificates, got {issued}"
            ms = 1000 / issued
            print(
                f"issued: {issued} certificates in {total:.1f} s "
                f"({total * ms:.0f} ms per certificate, "
                f"{issued / total:.1f} per second) in batches of {batch}"
            )
            print(
                f"CPU time of this process: {cpu:.1f} s ({cpu * ms:.0f} ms per "
                "certificate; wall time adds waiting for the database and for "
                "a busy machine)"
            )
            print(f"queries: {queries} ({queries / issued:.1f} per certificate)")
            print(
                f"of which PDF rendering {timings['pdf'] * ms:.0f} ms and credential "
                f"signing {timings['sign'] * ms:.0f} ms per certificate (wall time)"
            )

            started = time.perf_counter()
            assert certificates_issue_for_cohort.delay(cohort.pk, 0, batch).get() == 0
            again = time.perf_counter() - started
            print(f"second run over the same cohort (nothing to do): {again:.2f} s")
            raise _Rollback
    except _Rollback:
        pass
    finally:
        shutil.rmtree(settings.PRIVATE_ROOT, ignore_errors=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args(argv if argv is not None else [])
    _setup_django()
    run(args.trainees, args.batch)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
