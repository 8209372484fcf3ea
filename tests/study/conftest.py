import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kaptraining.curriculum.models import CoursePage, ModulePage
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory, lessons_of
from tests.factories.curriculum import (
    add_quiz_lesson,
    multiple,
    set_bank,
    single,
    true_false,
)


@pytest.fixture
def enrolment(program):
    """An active trainee in a cohort that started 30 days ago."""
    return EnrolmentFactory(cohort=CohortFactory(program=program))


@pytest.fixture
def trainer(enrolment):
    user = UserFactory(is_trainer=True)
    enrolment.cohort.trainers.add(user)
    return user


@pytest.fixture
def quiz(program, enrolment):
    """Module 1 of `program` gets a three-question bank, a post-test requirement
    and a quiz lesson (pass mark 75%, two attempts, no shuffling)."""
    module = ModulePage.objects.descendant_of(program).get()
    set_bank(
        module,
        [
            single(
                "Which form of ketamine is FDA-approved for treatment-resistant "
                "depression?",
                [
                    ("Intranasal esketamine", True, "Yes: given under supervision."),
                    ("Oral lozenges", False, "Lozenges are used off-label."),
                    ("IV infusion", False, "Infusions are used off-label."),
                ],
                explanation="Esketamine nasal spray is the approved form.",
            ),
            true_false(
                "Ketamine is a Schedule III substance in the United States.",
                True,
                feedback_correct="Right.",
                feedback_incorrect="It is Schedule III.",
            ),
            multiple(
                "Which are contraindications to screen for?",
                [
                    ("Uncontrolled hypertension", True),
                    ("Active psychosis", True),
                    ("Mild seasonal allergies", False),
                ],
            ),
        ],
        post_test_required=True,
    )
    lesson = add_quiz_lesson(module, attempt_limit=2)
    return SimpleNamespace(
        module=module,
        lesson=lesson,
        enrolment=enrolment,
        trainee=enrolment.trainee,
        lessons=lessons_of(program),
    )


def started_weeks_ago(weeks: float) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=int(weeks * 7))


@pytest.fixture
def course(program):
    return CoursePage.objects.child_of(program).get()


@pytest.fixture(autouse=True)
def _wagtail_root(request):
    """Under --nomigrations (quick local runs) Wagtail's root page is not created
    by its data migration; create it. With migrations this finds it and does nothing."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code="en")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root"))
