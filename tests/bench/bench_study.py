# ruff: noqa: T201 - a benchmark prints its figures
"""Benchmark: the program outline (locks, ticks, resume) and quiz grading.

Run: .venv/bin/python -m tests.bench.bench_study
Needs a migrated database (DATABASE_URL, default the dev SQLite file) with
Wagtail's root page; all rows it creates are rolled back at the end. Prints
times and query counts: the outline's query count must not grow with size."""

import datetime
import os
import time


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaptraining.settings.dev")
    import django

    django.setup()


class _Rollback(Exception):
    pass


def _timed(label, fn, repeat=5):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()  # the log is capped; building data fills it
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        for _ in range(repeat):
            result = fn()
        elapsed = (time.perf_counter() - started) / repeat
    queries = len(ctx.captured_queries) // repeat
    print(f"{label}: {elapsed * 1000:.1f} ms, {queries} queries")
    return result


def _build(home, *, modules, lessons_per_module):
    from cohorts.models import Cohort, Enrolment
    from kaptraining.accounts.models import User
    from kaptraining.curriculum.models import (
        CoursePage,
        LessonPage,
        ModulePage,
        ProgramPage,
    )
    from kaptraining.study.models import LessonCompletion

    n = ProgramPage.objects.count()
    program = home.add_child(
        instance=ProgramPage(title=f"Bench {n}", slug=f"bench-{n}-{modules}")
    )
    course = program.add_child(instance=CoursePage(title="Core", slug="core"))
    previous = None
    for m in range(modules):
        module = course.add_child(
            instance=ModulePage(title=f"M{m}", slug=f"m{m}", release_week=m)
        )
        if previous is not None:
            module.prerequisites.add(previous)
            module.save()
        for i in range(lessons_per_module):
            module.add_child(
                instance=LessonPage(
                    title=f"L{m}.{i}", slug=f"l{i}", credited_minutes=60
                )
            )
        previous = module
    today = datetime.date.today()
    cohort = Cohort.objects.create(
        program=program,
        name=f"Bench {n}",
        start_date=today - datetime.timedelta(weeks=modules // 2),
        end_date=today + datetime.timedelta(days=300),
    )
    trainee = User.objects.create_user(
        email=f"bench{n}-{modules}@example.org", password="x"
    )  # noqa: S106
    enrolment = Enrolment.objects.create(
        cohort=cohort, trainee=trainee, status="active"
    )
    lessons = list(LessonPage.objects.descendant_of(program))
    LessonCompletion.objects.bulk_create(
        LessonCompletion(trainee=trainee, lesson=lesson, enrolment=enrolment)
        for lesson in lessons[: len(lessons) // 2]
    )
    return program, trainee, enrolment


def bench_outline(home):
    from kaptraining.study.outline import program_outline

    for modules, per in ((2, 5), (10, 10), (40, 10)):
        program, trainee, enrolment = _build(
            home, modules=modules, lessons_per_module=per
        )
        outline = _timed(
            f"outline of {modules * per} lessons in {modules} modules",
            lambda p=program, t=trainee, e=enrolment: program_outline(
                program=p, trainee=t, enrolment=e
            ),
        )
        locked = sum(1 for m in outline.courses[0].modules if m.locked)
        print(
            f"  {locked} of {modules} modules locked; resume at "
            f"{outline.resume.page.title if outline.resume else '-'}"
        )


def bench_quiz(home):
    from kaptraining.curriculum.models import LessonPage, ModulePage
    from kaptraining.study.services import _question_dicts, quiz_submit

    program, trainee, enrolment = _build(home, modules=1, lessons_per_module=1)
    module = ModulePage.objects.descendant_of(program).get()
    module.question_bank = [
        (
            "single_choice",
            {
                "prompt": f"Q{i}?",
                "options": [
                    {"text": "yes", "correct": True, "feedback": ""},
                    {"text": "no", "correct": False, "feedback": ""},
                ],
                "explanation": "",
            },
        )
        for i in range(40)
    ]
    module.save()
    lesson = LessonPage(
        title="Post-test",
        slug="post-test",
        credited_minutes=30,
        body=[
            (
                "quiz",
                {
                    "title": "Post-test",
                    "intro": "",
                    "pass_mark": 75,
                    "attempt_limit": 0,
                    "question_count": 0,
                    "shuffle": True,
                },
            )
        ],
    )
    module.add_child(instance=lesson)
    module.refresh_from_db()
    wrong = {
        q["id"]: [next(o["id"] for o in q["options"] if not o["correct"])]
        for q in _question_dicts(module)
    }
    _timed(
        "grade and save one 40-question attempt",
        lambda: quiz_submit(
            trainee=trainee, enrolment=enrolment, lesson=lesson, answers=wrong
        ),
        repeat=10,
    )


def main():
    _setup_django()
    from django.db import transaction

    from tests.factories import make_home_page

    try:
        with transaction.atomic():
            home = make_home_page()  # the demo's, or one rolled back with the rest
            bench_outline(home)
            bench_quiz(home)
            raise _Rollback
    except _Rollback:
        pass


if __name__ == "__main__":
    main()
