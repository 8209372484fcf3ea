# ruff: noqa: T201 - a benchmark prints its figures
"""Benchmark: requirement evaluation, cohort export and transcript PDF.

Run: .venv/bin/python -m tests.bench.bench_credits
Needs a migrated database (DATABASE_URL, default the dev SQLite file); all
rows it creates are rolled back at the end, and PDFs the export task writes go
to a temporary PRIVATE_ROOT that is removed. Prints times and query counts."""

import datetime
import os
import random
import time


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaptraining.settings.dev")
    import django

    django.setup()


class _Rollback(Exception):
    pass


def _timed(label, fn, repeat=1):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        for _ in range(repeat):
            result = fn()
        elapsed = (time.perf_counter() - started) / repeat
    queries = len(ctx.captured_queries) // repeat
    print(f"{label}: {elapsed * 1000:.1f} ms, {queries} queries")
    return result


def bench_pure():
    from kaptraining.credits.progress import evaluate

    class Req:
        def __init__(self, c, m, cap):
            self.category, self.min_hours, self.cap_hours = c, m, cap

    class Program:
        required_minutes = 150 * 60

    reqs = [
        Req("didactic", 60, 80),
        Req("experiential", 30, None),
        Req("practicum", 20, 30),
        Req("mentorship", 10, 20),
        Req("ethics", 6, None),
        Req("elective", 0, 20),
    ]
    rng = random.Random(1)
    earned = [{r.category: rng.randint(0, 6000) for r in reqs} for _ in range(1000)]
    started = time.perf_counter()
    for _ in range(20):
        for e in earned:
            evaluate(earned_by_category=e, program=Program(), requirements=reqs)
    per = (time.perf_counter() - started) / 20000
    print(f"evaluate() pure, 6 categories: {per * 1e6:.1f} µs per trainee")


def _make_home():
    from wagtail.models import Locale, Page

    from kaptraining.pages.models import HomePage

    # A flushed test database has no page tree at all.
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
    return root.add_child(
        instance=HomePage(title="Bench home", slug="bench-home-credits")
    )


def bench_database():
    from django.db import transaction

    from cohorts.models import Cohort, Enrolment
    from kaptraining.accounts.models import User
    from kaptraining.credits.models import LedgerEntry
    from kaptraining.credits.pdf import render_pdf
    from kaptraining.credits.progress import program_progress, program_progress_many
    from kaptraining.credits.transcripts import cohort_transcript_csv, transcript_for
    from kaptraining.curriculum.models import ProgramCategoryRequirement, ProgramPage
    from kaptraining.pages.models import HomePage

    try:
        with transaction.atomic():
            home = HomePage.objects.first() or _make_home()
            program = home.add_child(
                instance=ProgramPage(
                    title="Bench program", slug="bench-program-credits"
                )
            )
            for i, (c, m) in enumerate(
                [
                    ("didactic", 60),
                    ("experiential", 30),
                    ("practicum", 20),
                    ("mentorship", 10),
                    ("ethics", 6),
                ]
            ):
                ProgramCategoryRequirement.objects.create(
                    program=program, category=c, min_hours=m, sort_order=i
                )
            start = datetime.date.today() - datetime.timedelta(days=200)
            cohort = Cohort.objects.create(
                program=program,
                name="Bench cohort",
                start_date=start,
                end_date=start + datetime.timedelta(days=364),
            )
            trainees = User.objects.bulk_create(
                User(
                    email=f"bench-credits-{i}@example.org",
                    licence_type="lcsw",
                    licence_number=f"L{i}",
                )
                for i in range(200)
            )
            Enrolment.objects.bulk_create(
                Enrolment(cohort=cohort, trainee=t, status="active") for t in trainees
            )
            cats = [
                "didactic",
                "experiential",
                "practicum",
                "mentorship",
                "ethics",
                "elective",
            ]
            rng = random.Random(2)
            rows = [
                LedgerEntry(
                    trainee=t,
                    program=program,
                    category=rng.choice(cats),
                    minutes=rng.randint(15, 120),
                    source="adjustment",
                    source_id=f"b{t.pk}-{j}",
                    description=f"Bench {j}",
                    earned_on=start + datetime.timedelta(days=rng.randint(-10, 380)),
                )
                for t in trainees
                for j in range(100)
            ]
            started = time.perf_counter()
            LedgerEntry.objects.bulk_create(rows, batch_size=2000)
            took = time.perf_counter() - started
            print(f"bulk_create {len(rows):,} ledger entries: {took:.2f} s")

            heavy = trainees[0]
            LedgerEntry.objects.bulk_create(
                LedgerEntry(
                    trainee=heavy,
                    program=program,
                    category="didactic",
                    minutes=30,
                    source="adjustment",
                    source_id=f"h{j}",
                    description=f"Heavy {j}",
                    earned_on=start,
                )
                for j in range(1900)
            )
            _timed(
                "program_progress, one trainee with 2,000 entries",
                lambda: program_progress(
                    trainee_id=heavy.pk, trainee=heavy, program=program
                ),
                repeat=10,
            )
            _timed(
                "program_progress_many, 200 trainees / 21,900 entries",
                lambda: program_progress_many(program=program, trainees=trainees),
                repeat=3,
            )
            csv_text = _timed(
                "cohort transcript CSV, 200 trainees",
                lambda: cohort_transcript_csv(
                    program=program,
                    enrolments=cohort.enrolments.select_related("trainee"),
                ),
            )
            lines = csv_text.count(chr(10)) - 1
            print(f"  CSV size: {len(csv_text):,} bytes, {lines} rows")
            transcript = _timed(
                "transcript_for, one trainee with 2,000 entries",
                lambda: transcript_for(heavy),
            )
            other = _timed(
                "transcript_for, one trainee with 100 entries",
                lambda: transcript_for(trainees[1]),
            )
            _timed(
                "transcript PDF, 100 entries",
                lambda: render_pdf(
                    "credits/transcript_pdf.html", {"transcript": other}
                ),
            )
            data = _timed(
                "transcript PDF, 2,000 entries",
                lambda: render_pdf(
                    "credits/transcript_pdf.html", {"transcript": transcript}
                ),
            )
            print(f"  PDF size: {len(data):,} bytes")
            thousand = trainees[2]
            LedgerEntry.objects.bulk_create(
                LedgerEntry(
                    trainee=thousand,
                    program=program,
                    category="ethics",
                    minutes=20,
                    source="adjustment",
                    source_id=f"k{j}",
                    description=f"Thousand {j}",
                    earned_on=start,
                )
                for j in range(900)
            )
            bench_transcript_exports(small=trainees[1], large=thousand, staff=heavy)
            raise _Rollback
    except _Rollback:
        print("(all bench rows rolled back)")


def bench_transcript_exports(*, small, large, staff):
    """Transcript PDFs now: the request records an export and returns; the
    Celery task builds the PDF (timed here through the task, run in-process)."""
    import shutil
    import tempfile

    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from kaptraining.credits.models import LedgerEntry, TranscriptExport
    from kaptraining.credits.pdf import render_pdf
    from kaptraining.credits.tasks import transcript_export_build_task
    from kaptraining.credits.transcripts import transcript_for

    private_root = settings.PRIVATE_ROOT
    settings.PRIVATE_ROOT = tempfile.mkdtemp(prefix="bench-credits-")
    try:
        for trainee in (small, large):
            n = LedgerEntry.objects.filter(trainee=trainee).count()
            _timed(
                f"before: request rendering the PDF itself, {n:,} entries",
                lambda t=trainee: render_pdf(
                    "credits/transcript_pdf.html", {"transcript": transcript_for(t)}
                ),
            )
            export = TranscriptExport.objects.create(
                trainee=trainee, requested_by=trainee
            )
            _timed(
                f"task: build transcript PDF, {n:,} entries",
                lambda e=export: transcript_export_build_task.apply(args=[e.pk]).get(),
            )
            again = TranscriptExport.objects.create(
                trainee=trainee, requested_by=staff
            )
            _timed(
                f"task: same ledger, reuse the ready PDF, {n:,} entries",
                lambda e=again: transcript_export_build_task.apply(args=[e.pk]).get(),
            )
            again.refresh_from_db()
            assert again.reused_from_id == export.pk

        client = Client(HTTP_HOST="localhost")
        client.force_login(large)
        url = reverse("credits:transcript_pdf")
        # The build is enqueued after commit; inside this rolled-back block it
        # is never sent, so this is the request alone (the enqueue is one
        # Redis LPUSH).
        # Once: a second click while this export is pending returns it
        # rather than recording a new one, which would time the wrong path.
        response = _timed(
            "now: request Download PDF (1,000 entries), records the export",
            lambda: client.post(url),
        )
        status_url = response["Location"]
        _timed(
            "now: status page while being prepared",
            lambda: client.get(status_url),
            repeat=20,
        )
    finally:
        shutil.rmtree(settings.PRIVATE_ROOT, ignore_errors=True)
        settings.PRIVATE_ROOT = private_root


def main():
    _setup_django()
    bench_pure()
    bench_database()


if __name__ == "__main__":
    main()
