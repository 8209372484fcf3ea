"""Completing a lesson tells the trainee what happened to its hours: added,
held (and until what), or nothing new. (It used to say "credit added" even
when a post-test held the hours back.)"""

import pytest
from django.urls import reverse

from kaptraining.credits.models import LedgerEntry
from kaptraining.curriculum.models import CoursePage, ModulePage
from kaptraining.study.services import lesson_complete
from tests.factories import CohortFactory, EnrolmentFactory, add_lesson, lessons_of
from tests.factories.curriculum import add_quiz_lesson, set_bank, true_false
from tests.factories.study import studied, studied_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolment(program):
    return EnrolmentFactory(cohort=CohortFactory(program=program))


def _complete(client, lesson) -> list[tuple[str, str]]:
    """Post the form, follow back to the lesson and read the messages shown."""
    studied_as(client, lesson)
    response = client.post(
        reverse("cohorts:complete_lesson", args=[lesson.pk]), follow=True
    )
    assert response.redirect_chain == [(lesson.url, 302)]
    return [(m.level_tag, m.message) for m in response.context["messages"]]


def test_completion_credited_says_minutes_added(client, program, enrolment):
    client.force_login(enrolment.trainee)

    said = _complete(client, lessons_of(program)[0])

    assert said == [
        ("success", "Lesson complete: 60 minutes of credit added to your record.")
    ]
    assert LedgerEntry.objects.filter(trainee=enrolment.trainee).count() == 1


def test_completion_held_by_post_test_says_held_and_why(client, program, enrolment):
    module = set_bank(
        ModulePage.objects.descendant_of(program).get(),
        [true_false("Consent is confirmed while sober.", True)],
        post_test_required=True,
    )
    add_quiz_lesson(module)
    client.force_login(enrolment.trainee)

    said = _complete(client, lessons_of(program)[0])

    assert said == [
        (
            "warning",
            "Lesson complete. Its 60 minutes of credit are held. "
            "Pass the post-test of “Module 1” for these hours to count.",
        )
    ]
    assert not LedgerEntry.objects.filter(trainee=enrolment.trainee).exists()


def test_completion_held_by_course_evaluation_names_it(client, program, enrolment):
    course = CoursePage.objects.child_of(program).get()
    course.evaluation_required = True
    course.save_revision().publish()
    client.force_login(enrolment.trainee)

    ((level, message),) = _complete(client, lessons_of(program)[0])

    assert level == "warning"
    assert "credit are held" in message
    assert "Submit the evaluation of “Core” for these hours to count." in message
    assert "added" not in message


def test_completion_again_says_already_done(client, program, enrolment):
    lesson = lessons_of(program)[0]
    client.force_login(enrolment.trainee)
    _complete(client, lesson)

    assert _complete(client, lesson) == [
        ("info", "You had already completed this lesson.")
    ]
    assert LedgerEntry.objects.filter(trainee=enrolment.trainee).count() == 1


def test_completion_of_a_lesson_worth_no_minutes_claims_no_credit(
    client, program, enrolment
):
    module = ModulePage.objects.descendant_of(program).get()
    lesson = add_lesson(module, title="Welcome", minutes=0)
    client.force_login(enrolment.trainee)

    assert _complete(client, lesson) == [("success", "Lesson complete.")]
    assert not LedgerEntry.objects.filter(trainee=enrolment.trainee).exists()


def test_lesson_complete_reports_credit_for_callers(program, enrolment):
    lesson = lessons_of(program)[0]
    studied(enrolment.trainee, lesson)

    first = lesson_complete(
        trainee=enrolment.trainee, lesson=lesson, enrolment=enrolment
    )
    again = lesson_complete(
        trainee=enrolment.trainee, lesson=lesson, enrolment=enrolment
    )

    assert (first.created, first.credit.credited, first.credit.minutes) == (
        True,
        True,
        60,
    )
    assert (again.created, again.credit) == (False, None)
