"""The study records moved from cohorts and curriculum to study with their
data: run the move backwards to the schema main had (tables cohorts_* and
curriculum_*, content types under those apps) with rows in every table, then
forwards again, and check that every row, id, foreign key, content type, audit
entry and permission came through. Runs on the test database's engine
(PostgreSQL in CI; `make test` without DATABASE_URL covers SQLite)."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kaptraining.curriculum.models import CoursePage, ModulePage
from kaptraining.study import models as study
from kaptraining.study.services import (
    evaluation_submit,
    lesson_complete,
    quiz_submit,
    study_position_record,
)
from tests.factories import CohortFactory, EnrolmentFactory, lessons_of, make_program
from tests.factories.curriculum import (
    add_quiz_lesson,
    answer_key,
    set_bank,
    true_false,
)
from tests.factories.study import (
    ElectiveChoiceFactory,
    JournalEntryFactory,
    LessonNoteFactory,
    studied,
)

pytestmark = pytest.mark.django_db(transaction=True)

MAIN = [
    ("cohorts", "0004_attendance_marking_cancellation_notice"),
    ("curriculum", "0002_study_records"),
]
OLD_HOME = {
    "lessoncompletion": "cohorts",
    "quizattempt": "curriculum",
    "quizresponse": "curriculum",
    "journalentry": "curriculum",
    "lessonnote": "curriculum",
    "studyposition": "curriculum",
    "evaluationresponse": "curriculum",
    "electivechoice": "curriculum",
}
MODELS = [
    study.LessonCompletion,
    study.QuizAttempt,
    study.QuizResponse,
    study.JournalEntry,
    study.LessonNote,
    study.StudyPosition,
    study.EvaluationResponse,
    study.ElectiveChoice,
]


def _study_records():
    """One or more rows in each moved table, written by the real services."""
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code="en")
    if not Page.objects.filter(depth=1).exists():  # a flushed database
        Page.add_root(instance=Page(title="Root", slug="root"))
    program = make_program()
    enrolment = EnrolmentFactory(cohort=CohortFactory(program=program))
    trainee = enrolment.trainee
    module = set_bank(
        ModulePage.objects.descendant_of(program).get(),
        [true_false("Consent is confirmed while sober.", True)],
    )
    quiz_lesson = add_quiz_lesson(module)
    lesson = lessons_of(program)[0]
    studied(trainee, lesson)
    lesson_complete(trainee=trainee, lesson=lesson, enrolment=enrolment)
    quiz_submit(
        trainee=trainee,
        enrolment=enrolment,
        lesson=quiz_lesson,
        answers={key[2:]: given for key, given in answer_key(module).items()},
    )
    JournalEntryFactory(trainee=trainee, lesson=lesson)
    LessonNoteFactory(trainee=trainee, lesson=lesson)
    study_position_record(trainee=trainee, program=program, lesson=lesson)
    course = CoursePage.objects.child_of(program).get()
    evaluation_submit(
        trainee=trainee,
        enrolment=enrolment,
        page=course,
        answers={
            "objectives_met": 5,
            "relevance": 4,
            "quality": 4,
            "free_of_bias": True,
        },
    )
    ElectiveChoiceFactory(enrolment=enrolment, course=course)


def _snapshot():
    return {
        model._meta.model_name: sorted(
            model.objects.values_list("pk", *_fk_columns(model))
        )
        for model in MODELS
    }


def _fk_columns(model):
    return [f.attname for f in model._meta.concrete_fields if f.is_relation]


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def test_study_records_move_with_rows_content_types_history_and_permissions():
    _study_records()
    rows = _snapshot()
    assert all(rows.values()), rows
    types = {m._meta.model_name: ContentType.objects.get_for_model(m) for m in MODELS}
    history = {
        name: set(LogEntry.objects.filter(content_type=ct).values_list("pk", flat=True))
        for name, ct in types.items()
    }
    assert history["lessoncompletion"] and history["quizattempt"]
    permissions = set(
        Permission.objects.filter(content_type__in=types.values()).values_list(
            "pk", "codename", "content_type_id"
        )
    )
    assert len(permissions) == 4 * len(MODELS)

    executor = MigrationExecutor(connection)
    executor.migrate(MAIN)  # unapplies study/0001, cohorts/0005, curriculum/0003
    ContentType.objects.clear_cache()
    try:
        tables = _tables()
        for name, app in OLD_HOME.items():
            assert f"{app}_{name}" in tables and f"study_{name}" not in tables
            old = ContentType.objects.get(pk=types[name].pk)
            assert (old.app_label, old.model) == (app, name)

        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        # Whatever happened, leave the schema as the rest of the suite expects.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        ContentType.objects.clear_cache()

    tables = _tables()
    for name, app in OLD_HOME.items():
        assert f"study_{name}" in tables and f"{app}_{name}" not in tables
    assert _snapshot() == rows
    for name, ct in types.items():
        moved = ContentType.objects.get(pk=ct.pk)
        assert (moved.app_label, moved.model) == ("study", name)
        assert (
            set(LogEntry.objects.filter(content_type=ct).values_list("pk", flat=True))
            == history[name]
        )
    assert not ContentType.objects.filter(
        app_label__in={"cohorts", "curriculum"}, model__in=OLD_HOME
    ).exists()
    assert (
        set(
            Permission.objects.filter(content_type__in=types.values()).values_list(
                "pk", "codename", "content_type_id"
            )
        )
        == permissions
    )
    # And the moved rows work through the new models and their foreign keys.
    for completion in study.LessonCompletion.objects.select_related(
        "enrolment", "lesson"
    ):
        assert completion.enrolment.trainee_id == completion.trainee_id
        assert completion.lesson.live
    attempt = study.QuizAttempt.objects.get()
    assert attempt.passed and attempt.responses.count() == 1
