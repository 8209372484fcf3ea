"""Quiz policy per quiz: when correct answers show, the cool-down between
attempts, and question pools that differ between retakes."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from kaptraining.curriculum.models import LessonPage
from kaptraining.study.models import QuizAttempt
from kaptraining.study.services import quiz_questions
from tests.factories.curriculum import answer_key, set_bank, single

pytestmark = pytest.mark.django_db

# What only a revealed review shows for the `quiz` fixture's bank.
ANSWER_MARKERS = [
    'badge-ok">correct answer</span>',
    "Esketamine nasal spray is the approved form.",
    "It is Schedule III.",
    'badge-err">Not correct</span>',
]


def _policy(lesson, **values) -> LessonPage:
    lesson = LessonPage.objects.get(pk=lesson.pk)
    quiz = dict(lesson.quiz_block().value)
    quiz.update(values)
    lesson.body = [("quiz", quiz)]
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def _submit(client, lesson, data):
    return client.post(reverse("curriculum:quiz_submit", args=[lesson.pk]), data)


def _review(client, attempt) -> str:
    response = client.get(reverse("curriculum:attempt", args=[attempt.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _attempt(quiz, number) -> QuizAttempt:
    return QuizAttempt.objects.get(trainee=quiz.trainee, number=number)


def _hidden(html) -> bool:
    return not any(marker in html for marker in ANSWER_MARKERS)


def _shown(html) -> bool:
    return all(marker in html for marker in ANSWER_MARKERS)


# --- when answers are revealed -------------------------------------------------


def test_default_policy_hides_answers_until_the_last_attempt(client, quiz):
    client.force_login(quiz.trainee)
    wrong = answer_key(quiz.module, correct=False)
    _submit(client, quiz.lesson, wrong)

    first = _review(client, _attempt(quiz, 1))
    assert _hidden(first)
    assert "your answer" in first
    assert "once you pass this quiz or have used your last allowed attempt" in first

    _submit(client, quiz.lesson, wrong)  # the second and last allowed attempt

    assert _shown(_review(client, _attempt(quiz, 1)))
    assert _shown(_review(client, _attempt(quiz, 2)))


def test_default_policy_reveals_after_a_pass(client, quiz):
    client.force_login(quiz.trainee)
    _policy(quiz.lesson, attempt_limit=5)
    _submit(client, quiz.lesson, answer_key(quiz.module, correct=False))
    assert _hidden(_review(client, _attempt(quiz, 1)))

    _submit(client, quiz.lesson, answer_key(quiz.module))

    assert _shown(_review(client, _attempt(quiz, 1)))


def test_reveal_after_pass_only_keeps_answers_hidden_after_the_last_attempt(
    client, quiz
):
    client.force_login(quiz.trainee)
    _policy(quiz.lesson, reveal_answers="pass")
    wrong = answer_key(quiz.module, correct=False)
    _submit(client, quiz.lesson, wrong)
    _submit(client, quiz.lesson, wrong)

    html = _review(client, _attempt(quiz, 2))

    assert _hidden(html)
    assert "once you pass this quiz." in html


def test_reveal_after_last_attempt_only_keeps_answers_hidden_after_a_pass(client, quiz):
    client.force_login(quiz.trainee)
    _policy(quiz.lesson, reveal_answers="last", attempt_limit=3)
    _submit(client, quiz.lesson, answer_key(quiz.module, correct=False))
    _submit(client, quiz.lesson, answer_key(quiz.module))

    assert _hidden(_review(client, _attempt(quiz, 1)))
    passed = _review(client, _attempt(quiz, 2))
    assert _hidden(passed)
    assert 'badge-ok">Correct</span>' not in passed
    assert "once you have used your last allowed attempt" in passed


def test_never_reveal_hides_answers_from_the_trainee_but_not_the_trainer(
    client, quiz, trainer
):
    _policy(quiz.lesson, reveal_answers="never")
    client.force_login(quiz.trainee)
    wrong = answer_key(quiz.module, correct=False)
    _submit(client, quiz.lesson, wrong)
    _submit(client, quiz.lesson, wrong)
    attempt = _attempt(quiz, 2)

    html = _review(client, attempt)
    assert _hidden(html)
    assert "does not show its correct answers" in html

    client.force_login(trainer)
    assert _shown(_review(client, attempt))


# --- cool-down between attempts ------------------------------------------------


def test_cooldown_refuses_an_early_attempt_and_the_page_says_when(client, quiz):
    client.force_login(quiz.trainee)
    _policy(quiz.lesson, cooldown_minutes=60, attempt_limit=3)
    wrong = answer_key(quiz.module, correct=False)
    assert _submit(client, quiz.lesson, wrong).status_code == 302
    opens_at = _attempt(quiz, 1).submitted_at + datetime.timedelta(minutes=60)

    response = _submit(client, quiz.lesson, answer_key(quiz.module))

    assert response.status_code == 409
    body = response.content.decode()
    assert "Your next attempt at this quiz opens at" in body
    assert QuizAttempt.objects.filter(trainee=quiz.trainee).count() == 1
    page = client.get(quiz.lesson.url).content.decode()
    assert "Your next attempt opens at" in page
    assert "Attempts are at least 60 minutes apart." in page
    assert "Submit answers" not in page

    with time_machine.travel(opens_at + datetime.timedelta(seconds=1), tick=False):
        page = client.get(quiz.lesson.url).content.decode()
        assert "Your next attempt opens at" not in page
        assert "Submit answers" in page
        response = _submit(client, quiz.lesson, answer_key(quiz.module))
    assert response.status_code == 302
    assert _attempt(quiz, 2).passed


def test_no_cooldown_by_default(client, quiz):
    client.force_login(quiz.trainee)
    _submit(client, quiz.lesson, answer_key(quiz.module, correct=False))

    assert _submit(client, quiz.lesson, answer_key(quiz.module)).status_code == 302
    assert timezone.now() - _attempt(quiz, 2).submitted_at < datetime.timedelta(
        minutes=1
    )


# --- question pools --------------------------------------------------------------


def _pool(quiz, *, shuffle) -> LessonPage:
    set_bank(
        quiz.module,
        [
            single(f"Pool question {i}?", [(f"right {i}", True), ("wrong", False)])
            for i in range(8)
        ],
        post_test_required=True,
    )
    return _policy(quiz.lesson, question_count=3, shuffle=shuffle, attempt_limit=0)


@pytest.mark.parametrize("shuffle", [True, False])
def test_pool_draws_n_questions_stable_per_attempt_differing_between_retakes(
    quiz, shuffle
):
    lesson = _pool(quiz, shuffle=shuffle)

    def drawn(n):
        return [
            q["id"]
            for q in quiz_questions(
                lesson=lesson,
                module=quiz.module,
                trainee=quiz.trainee,
                attempt_number=n,
            )
        ]

    assert drawn(1) == drawn(1)
    assert len(drawn(1)) == 3
    assert len({frozenset(drawn(n)) for n in range(1, 8)}) > 1


def test_pool_grading_uses_the_attempts_drawn_questions_only(client, quiz):
    client.force_login(quiz.trainee)
    lesson = _pool(quiz, shuffle=False)
    asked = [
        q["id"]
        for q in quiz_questions(
            lesson=lesson, module=quiz.module, trainee=quiz.trainee, attempt_number=1
        )
    ]
    everything_wrong = answer_key(quiz.module, correct=False)
    right_where_asked = {
        **everything_wrong,
        **{
            key: value
            for key, value in answer_key(quiz.module).items()
            if key[2:] in asked
        },
    }

    assert _submit(client, lesson, right_where_asked).status_code == 302

    attempt = _attempt(quiz, 1)
    assert (attempt.score_percent, attempt.passed) == (100, True)
    assert [r.question_id for r in attempt.responses.order_by("position")] == asked


def test_pool_submission_missing_a_drawn_question_is_refused(client, quiz):
    client.force_login(quiz.trainee)
    lesson = _pool(quiz, shuffle=True)
    asked = quiz_questions(
        lesson=lesson, module=quiz.module, trainee=quiz.trainee, attempt_number=1
    )
    data = answer_key(quiz.module)
    del data[f"q-{asked[0]['id']}"]

    response = _submit(client, lesson, data)

    assert response.status_code == 400
    assert "Unanswered: 1." in response.content.decode()
    assert not QuizAttempt.objects.exists()
