"""One factory per study record (kaptraining.study), and a quiz lesson in a
program's first module."""

import datetime

import factory
from django.utils import timezone

from kaptraining.curriculum.models import LessonPage, ModulePage
from kaptraining.study.models import (
    ElectiveChoice,
    EvaluationResponse,
    JournalEntry,
    LessonNote,
    LessonVisit,
)

from . import EnrolmentFactory, UserFactory
from .curriculum import add_quiz_lesson


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalEntry

    trainee = factory.SubFactory(UserFactory)
    block_id = "prompt-1"
    prompt = "What stays with you from this lesson?"
    body = "My private reflection."


class LessonNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonNote

    trainee = factory.SubFactory(UserFactory)
    body = "Remember to ask about blood pressure medication."


class ElectiveChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectiveChoice

    enrolment = factory.SubFactory(EnrolmentFactory)
    trainee = factory.SelfAttribute("enrolment.trainee")


class EvaluationResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationResponse

    enrolment = factory.SubFactory(EnrolmentFactory)
    trainee = factory.SelfAttribute("enrolment.trainee")
    objectives_met = 5
    relevance = 4
    quality = 4
    free_of_bias = True


def add_program_quiz(program, title="Post-test") -> LessonPage:
    """A quiz lesson in the program's first module."""
    module = ModulePage.objects.descendant_of(program).first()
    return add_quiz_lesson(module, title=title)


def studied(trainee, *lessons, minutes_ago: int = 24 * 60):
    """The trainee opened these lessons long enough ago for the minimum time
    with each to have passed (issue 15: completion needs evidence of study)."""
    when = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    for lesson in lessons:
        LessonVisit.objects.update_or_create(
            trainee=trainee, lesson_id=lesson.pk, defaults={"first_opened_at": when}
        )


def studied_as(client, *lessons, minutes_ago: int = 24 * 60):
    """`studied` for the trainee signed in on this test client."""
    from kaptraining.accounts.models import User

    studied(
        User.objects.get(pk=client.session["_auth_user_id"]),
        *lessons,
        minutes_ago=minutes_ago,
    )
