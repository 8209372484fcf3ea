"""Editing published content never changes hours already credited."""

import pytest
from django.urls import reverse

from kaptraining.credits.models import LedgerEntry
from kaptraining.curriculum.models import ModulePage
from tests.factories import EnrolmentFactory, lessons_of
from tests.factories.curriculum import answer_key
from tests.factories.study import studied_as

pytestmark = pytest.mark.django_db


def _republish(lesson, minutes):
    lesson.credited_minutes = minutes
    lesson.title = f"{lesson.title} (revised)"
    revision = lesson.save_revision()
    revision.publish()
    lesson.refresh_from_db()
    return revision


def test_ledger_keeps_minutes_and_revision_after_lesson_is_edited(
    client, program, enrolment
):
    lesson = lessons_of(program)[0]
    studied_revision = lesson.live_revision_id
    client.force_login(enrolment.trainee)
    studied_as(client, lesson)
    client.post(reverse("cohorts:complete_lesson", args=[lesson.pk]))

    new_revision = _republish(lesson, 120)
    later = EnrolmentFactory(cohort=enrolment.cohort)
    client.force_login(later.trainee)
    studied_as(client, lesson)
    client.post(reverse("cohorts:complete_lesson", args=[lesson.pk]))

    first = LedgerEntry.objects.get(trainee=enrolment.trainee)
    second = LedgerEntry.objects.get(trainee=later.trainee)
    assert (first.minutes, first.rule) == (
        60,
        f"lesson {lesson.pk} revision {studied_revision}",
    )
    assert (second.minutes, second.rule) == (
        120,
        f"lesson {lesson.pk} revision {new_revision.pk}",
    )
    assert LedgerEntry.objects.filter(trainee=enrolment.trainee).count() == 1


def test_held_credit_uses_the_revision_studied_not_the_latest(client, quiz):
    reading = quiz.lessons[0]
    client.force_login(quiz.trainee)
    studied_as(client, reading)
    client.post(reverse("cohorts:complete_lesson", args=[reading.pk]))
    _republish(reading, 90)  # edited while the hours were waiting for the post-test

    client.post(
        reverse("curriculum:quiz_submit", args=[quiz.lesson.pk]),
        answer_key(quiz.module),
    )

    entry = LedgerEntry.objects.get(trainee=quiz.trainee, source_id=str(reading.pk))
    assert entry.minutes == 60
    assert entry.description == "Lesson 1"


def test_editing_the_question_bank_keeps_past_attempts_as_asked(client, quiz):
    client.force_login(quiz.trainee)
    client.post(
        reverse("curriculum:quiz_submit", args=[quiz.lesson.pk]),
        answer_key(quiz.module),
    )
    module = ModulePage.objects.get(pk=quiz.module.pk)
    module.question_bank = []
    module.save_revision().publish()

    attempt = quiz.trainee.quiz_attempts.get()
    review = client.get(
        reverse("curriculum:attempt", args=[attempt.pk])
    ).content.decode()

    assert "Which form of ketamine is FDA-approved" in review
    assert attempt.score_percent == 100
