"""One factory per study record (kaptraining.study), and a quiz lesson in a
program's first module."""

import factory

from kaptraining.curriculum.models import LessonPage, ModulePage
from kaptraining.study.models import (
    ElectiveChoice,
    EvaluationResponse,
    JournalEntry,
    LessonNote,
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
