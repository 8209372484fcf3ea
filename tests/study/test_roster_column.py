"""The quiz column study adds to a cohort's roster (cohorts.roster's column
registry): quizzes passed and answers awaiting review, on the page and in the CSV."""


import pytest
from django.urls import reverse

from cohorts.roster import cohort_roster
from kaptraining.study.models import QuizAttempt
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    UserFactory,
)
from tests.factories.study import add_program_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(program):
    cohort = CohortFactory(program=program, capacity=600)
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    return cohort, trainer


def _attempt(enrolment, lesson, *, number=1, passed=False, pending=False):
    return QuizAttempt.objects.create(
        trainee=enrolment.trainee,
        enrolment=enrolment,
        lesson=lesson,
        number=number,
        status="pending_review" if pending else "graded",
        pass_mark=75,
        score_percent=None if pending else (90 if passed else 40),
        passed=passed,
    )


def _quiz_cell(row) -> dict:
    """The cell of the quiz column study adds to the roster."""
    return next(cell for column, cell in row.columns if column.key == "quizzes")


def test_roster_shows_quizzes_passed_and_awaiting_review(client, run, program):
    cohort, trainer = run
    first = add_program_quiz(program)
    second = add_program_quiz(program, title="Ethics quiz")
    ana = EnrolmentFactory(cohort=cohort, trainee=UserFactory(first_name="Ana"))
    ben = EnrolmentFactory(cohort=cohort, trainee=UserFactory(first_name="Ben"))
    _attempt(ana, first, passed=False)
    _attempt(ana, first, number=2, passed=True)  # a retake passed: counts once
    _attempt(ana, second, passed=True)
    _attempt(ben, first, pending=True)
    client.force_login(trainer)

    rows, summary = cohort_roster(cohort)
    html = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    csv_lines = (
        client.get(reverse("cohorts:roster_csv", args=[cohort.pk]))
        .content.decode()
        .splitlines()
    )

    quizzes = {r.trainee.first_name: _quiz_cell(r) for r in rows}
    assert quizzes["Ana"] == {"passed": 2, "pending": 0, "total": 2}
    assert quizzes["Ben"] == {"passed": 0, "pending": 1, "total": 2}
    assert "Quizzes passed" in html
    assert "2 / 2" in html and "0 / 2" in html
    assert "1 awaiting review" in html
    header = csv_lines[0].split(",")
    ben_row = next(line for line in csv_lines if ben.trainee.email in line).split(",")
    assert ben_row[header.index("quizzes_passed")] == "0"
    assert ben_row[header.index("quizzes_awaiting_review")] == "1"


def test_roster_without_quizzes_has_no_quiz_column(client, run):
    cohort, trainer = run
    EnrolmentFactory(cohort=cohort)
    client.force_login(trainer)

    html = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()

    assert "Quizzes passed" not in html
