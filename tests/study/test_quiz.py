"""Quiz taking: server-side grading, saved attempts, review, limits, post-tests."""

import pytest
from django.urls import reverse

from kaptraining.credits.models import LedgerEntry
from kaptraining.study.models import LessonCompletion, QuizAttempt, QuizResponse
from kaptraining.study.services import quiz_questions
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.curriculum import (
    add_quiz_lesson,
    answer_key,
    set_bank,
    short,
    single,
)
from tests.factories.study import studied_as

pytestmark = pytest.mark.django_db


def _submit(client, lesson, data):
    return client.post(reverse("curriculum:quiz_submit", args=[lesson.pk]), data)


def test_quiz_all_correct_passes_completes_lesson_and_credits(client, quiz):
    client.force_login(quiz.trainee)

    response = _submit(client, quiz.lesson, answer_key(quiz.module))

    attempt = QuizAttempt.objects.get(trainee=quiz.trainee)
    assert response.status_code == 302
    assert response["Location"] == reverse("curriculum:attempt", args=[attempt.pk])
    assert (attempt.score_percent, attempt.passed, attempt.number) == (100, True, 1)
    assert attempt.responses.count() == 3
    assert LessonCompletion.objects.filter(
        trainee=quiz.trainee, lesson=quiz.lesson
    ).exists()
    entry = LedgerEntry.objects.get(trainee=quiz.trainee, source_id=str(quiz.lesson.pk))
    assert entry.minutes == 30


def test_quiz_wrong_answers_fail_and_review_shows_feedback(client, quiz):
    """Feedback and answers show once the last allowed attempt is used (the
    default policy; tests/study/test_quiz_policy.py has the others)."""
    client.force_login(quiz.trainee)

    _submit(client, quiz.lesson, answer_key(quiz.module, correct=False))
    _submit(client, quiz.lesson, answer_key(quiz.module, correct=False))
    attempt = QuizAttempt.objects.get(trainee=quiz.trainee, number=1)
    review = client.get(
        reverse("curriculum:attempt", args=[attempt.pk])
    ).content.decode()

    assert (attempt.score_percent, attempt.passed) == (0, False)
    assert not LessonCompletion.objects.filter(
        trainee=quiz.trainee, lesson=quiz.lesson
    ).exists()
    assert (
        "Lozenges are used off-label." in review
        or "Infusions are used off-label." in review
    )
    assert "It is Schedule III." in review
    assert "Esketamine nasal spray is the approved form." in review
    assert "correct answer" in review


def test_quiz_partial_multiple_choice_is_marked_wrong(client, quiz):
    client.force_login(quiz.trainee)
    data = answer_key(quiz.module)
    multi_key = next(k for k, v in data.items() if len(v) == 2)
    data[multi_key] = data[multi_key][:1]

    _submit(client, quiz.lesson, data)

    attempt = QuizAttempt.objects.get(trainee=quiz.trainee)
    assert attempt.score_percent == 67
    assert not attempt.passed
    assert attempt.responses.get(kind="multiple_choice").is_correct is False


def test_quiz_empty_submission_is_refused_and_nothing_saved(client, quiz):
    client.force_login(quiz.trainee)

    response = _submit(client, quiz.lesson, {})

    assert response.status_code == 400
    assert (
        "Please answer every question before submitting. Unanswered: 1, 2, 3."
        in response.content.decode()
    )
    assert not QuizAttempt.objects.exists()
    assert not QuizResponse.objects.exists()


def test_quiz_partly_answered_submission_keeps_answers_and_names_the_gaps(client, quiz):
    client.force_login(quiz.trainee)
    data = answer_key(quiz.module)
    first_key = next(iter(data))
    data.pop(first_key)

    response = _submit(client, quiz.lesson, data)

    body = response.content.decode()
    assert response.status_code == 400
    assert "Unanswered: 1." in body
    assert " checked" in body  # the other answers are kept in the form
    assert not QuizAttempt.objects.exists()


def test_quiz_tampered_option_id_is_refused_and_nothing_saved(client, quiz):
    client.force_login(quiz.trainee)
    data = answer_key(quiz.module)
    first_key = next(iter(data))
    data[first_key] = ["not-an-option"]

    response = _submit(client, quiz.lesson, data)

    assert response.status_code == 400
    assert "did not match the questions shown" in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_quiz_two_answers_to_single_choice_question_is_refused(client, quiz):
    client.force_login(quiz.trainee)
    data = answer_key(quiz.module)
    single_block = next(
        b for b in quiz.module.question_bank if b.block_type == "single_choice"
    )
    data[f"q-{single_block.id}"] = [
        c.id for c in single_block.value["options"].bound_blocks[:2]
    ]

    response = _submit(client, quiz.lesson, data)

    assert response.status_code == 400
    assert not QuizAttempt.objects.exists()


def test_quiz_attempt_limit_reached_is_refused_with_clear_message(client, quiz):
    client.force_login(quiz.trainee)
    wrong = answer_key(quiz.module, correct=False)
    _submit(client, quiz.lesson, wrong)
    _submit(client, quiz.lesson, wrong)

    response = _submit(client, quiz.lesson, answer_key(quiz.module))

    body = response.content.decode()
    assert response.status_code == 400
    assert (
        "You have used all 2 attempts at this quiz. Please contact your trainer."
        in body
    )
    assert QuizAttempt.objects.filter(trainee=quiz.trainee).count() == 2
    assert not QuizAttempt.objects.filter(passed=True).exists()
    page = client.get(quiz.lesson.url).content.decode()
    assert "You have used all 2 attempts" in page
    assert "Submit answers" not in page


def test_quiz_after_passing_further_attempts_are_refused(client, quiz):
    client.force_login(quiz.trainee)
    _submit(client, quiz.lesson, answer_key(quiz.module))

    response = _submit(client, quiz.lesson, answer_key(quiz.module))

    assert response.status_code == 400
    assert "already passed" in response.content.decode()
    assert QuizAttempt.objects.count() == 1


def test_quiz_not_enrolled_trainee_is_refused(client, quiz):
    client.force_login(UserFactory())
    response = _submit(client, quiz.lesson, answer_key(quiz.module))
    assert response.status_code == 403
    assert not QuizAttempt.objects.exists()


def test_quiz_review_of_another_trainees_attempt_is_404(client, quiz):
    client.force_login(quiz.trainee)
    _submit(client, quiz.lesson, answer_key(quiz.module))
    attempt = QuizAttempt.objects.get()

    client.force_login(UserFactory())
    assert (
        client.get(reverse("curriculum:attempt", args=[attempt.pk])).status_code == 404
    )


def test_post_test_holds_module_hours_until_passed(client, quiz):
    client.force_login(quiz.trainee)
    reading = quiz.lessons[0]

    studied_as(client, reading)
    client.post(reverse("cohorts:complete_lesson", args=[reading.pk]))
    held_page = client.get(reading.url).content.decode()
    held = LedgerEntry.objects.filter(trainee=quiz.trainee).exists()
    _submit(client, quiz.lesson, answer_key(quiz.module))

    assert LessonCompletion.objects.filter(
        trainee=quiz.trainee, lesson=reading
    ).exists()
    assert held is False
    assert "Pass the post-test of" in held_page
    credited = set(
        LedgerEntry.objects.filter(trainee=quiz.trainee).values_list(
            "source_id", flat=True
        )
    )
    assert credited == {str(reading.pk), str(quiz.lesson.pk)}


def test_complete_lesson_on_a_quiz_lesson_is_refused(client, quiz):
    client.force_login(quiz.trainee)
    response = client.post(reverse("cohorts:complete_lesson", args=[quiz.lesson.pk]))
    assert response.status_code == 409
    assert "Pass the quiz to complete this lesson." in response.content.decode()
    assert not LessonCompletion.objects.filter(lesson=quiz.lesson).exists()


def test_quiz_shuffle_is_stable_per_attempt_and_differs_between_attempts(quiz):
    set_bank(
        quiz.module,
        [single(f"Question {i}?", [("yes", True), ("no", False)]) for i in range(8)],
    )
    lesson = add_quiz_lesson(
        quiz.module, title="Shuffled", shuffle=True, question_count=5
    )

    def order(n):
        return [
            q["id"]
            for q in quiz_questions(
                lesson=lesson,
                module=quiz.module,
                trainee=quiz.trainee,
                attempt_number=n,
            )
        ]

    assert order(1) == order(1)
    assert len(order(1)) == 5
    assert len({tuple(order(n)) for n in range(1, 6)}) > 1


def test_short_answer_awaits_review_then_trainer_grade_completes_lesson(
    client, quiz, trainer
):
    set_bank(
        quiz.module, [short("Why is consent revisited before each dosing session?")]
    )
    client.force_login(quiz.trainee)
    block_id = quiz.module.question_bank[0].id

    _submit(
        client,
        quiz.lesson,
        {f"q-{block_id}": ["Because the client must agree while sober."]},
    )
    attempt = QuizAttempt.objects.get()
    again = _submit(client, quiz.lesson, {f"q-{block_id}": ["Again."]})
    response = attempt.responses.get()

    assert attempt.status == "pending_review" and attempt.score_percent is None
    assert (
        again.status_code == 400 and "waiting for a trainer" in again.content.decode()
    )

    outsider = UserFactory(is_trainer=True)
    CohortFactory(program=quiz.enrolment.cohort.program).trainers.add(outsider)
    client.force_login(outsider)
    refused = client.post(
        reverse("curriculum:review_response", args=[response.pk]), {"correct": "yes"}
    )
    assert refused.status_code == 404

    client.force_login(trainer)
    dashboard = client.get(reverse("dashboard")).content.decode()
    # The trainer's part of the home (issue 18) badges the cohort with the
    # answers waiting and links to its grading queue.
    queue_url = reverse("curriculum:cohort_quizzes", args=[quiz.enrolment.cohort.pk])
    assert "1 answer to grade" in dashboard
    assert f'href="{queue_url}"' in dashboard
    queue = client.get(
        reverse("curriculum:cohort_quizzes", args=[quiz.enrolment.cohort.pk])
    ).content.decode()
    assert "Because the client must agree while sober." in queue
    missing = client.post(reverse("curriculum:review_response", args=[response.pk]), {})
    assert missing.status_code == 400
    client.post(
        reverse("curriculum:review_response", args=[response.pk]),
        {"correct": "yes", "comment": "Well put."},
    )

    attempt.refresh_from_db()
    assert (attempt.status, attempt.score_percent, attempt.passed) == (
        "graded",
        100,
        True,
    )
    assert LessonCompletion.objects.filter(
        trainee=quiz.trainee, lesson=quiz.lesson
    ).exists()
    twice = client.post(
        reverse("curriculum:review_response", args=[response.pk]), {"correct": "no"}
    )
    assert twice.status_code == 409
    assert attempt.responses.get().is_correct is True


def test_item_analysis_counts_answers_per_question_for_the_cohort_trainer(
    client, quiz, trainer
):
    other = EnrolmentFactory(cohort=quiz.enrolment.cohort)
    client.force_login(quiz.trainee)
    _submit(client, quiz.lesson, answer_key(quiz.module))
    client.force_login(other.trainee)
    _submit(client, quiz.lesson, answer_key(quiz.module, correct=False))
    url = reverse(
        "curriculum:item_analysis", args=[quiz.enrolment.cohort.pk, quiz.lesson.pk]
    )

    client.force_login(trainer)
    page = client.get(url)
    client.force_login(quiz.trainee)
    refused = client.get(url)

    body = page.content.decode()
    assert page.status_code == 200
    assert "2 attempts by 2 trainees; 1 passed." in body
    assert body.count("50% correct of 2 answers") == 3
    assert refused.status_code == 404
