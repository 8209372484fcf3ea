"""Certification checks what the program requires, not only hours (issue 15):
the "assessments passed" item is met only when every quiz of the program's
required courses (and of the electives the trainee chose) has been passed."""

import pytest

from kaptraining.credits.progress import program_progress
from kaptraining.curriculum.models import CoursePage, ModulePage
from kaptraining.study.services import lesson_complete, quiz_submit
from tests.factories import lessons_of
from tests.factories.curriculum import add_quiz_lesson, set_bank, true_false
from tests.factories.study import studied

pytestmark = pytest.mark.django_db


def _item(progress, key="assessments_passed"):
    return next(item for item in progress.items if item.key == key)


def _quiz_lesson(module, title):
    set_bank(module, [true_false("Consent is confirmed while sober.", True)])
    return add_quiz_lesson(module, title=title, minutes=0, attempt_limit=3)


def _answer(trainee, enrolment, lesson, correct=True):
    question = lesson.get_parent().specific.question_bank[0].id
    return quiz_submit(
        trainee=trainee,
        enrolment=enrolment,
        lesson=lesson,
        answers={question: ["true" if correct else "false"]},
    )


def test_hours_alone_do_not_meet_the_assessments_item(program, enrolment):
    trainee = enrolment.trainee
    module = ModulePage.objects.descendant_of(program).get()
    quiz = _quiz_lesson(module, "Screening post-test")
    for lesson in lessons_of(program)[:2]:
        studied(trainee, lesson)
        lesson_complete(trainee=trainee, lesson=lesson, enrolment=enrolment)

    before = _item(program_progress(trainee_id=trainee.pk, program=program))
    _answer(trainee, enrolment, quiz, correct=False)
    failed = _item(program_progress(trainee_id=trainee.pk, program=program))
    _answer(trainee, enrolment, quiz)
    after = _item(program_progress(trainee_id=trainee.pk, program=program))

    assert (before.met, failed.met, after.met) == (False, False, True)
    assert before.message == "Pass the quiz “Screening post-test”."


def test_an_unchosen_electives_quiz_is_not_required_a_chosen_ones_is(
    program, enrolment
):
    from kaptraining.study.services import elective_choose

    program.electives_required = 1
    program.save()
    elective = program.add_child(
        instance=CoursePage(title="Group work", slug="group-work", is_elective=True)
    )
    module = elective.add_child(instance=ModulePage(title="Groups", slug="groups"))
    quiz = _quiz_lesson(module, "Groups quiz")
    trainee = enrolment.trainee

    unchosen = _item(program_progress(trainee_id=trainee.pk, program=program))
    elective_choose(trainee=trainee, enrolment=enrolment, course=elective)
    chosen = _item(program_progress(trainee_id=trainee.pk, program=program))
    _answer(trainee, enrolment, quiz)
    passed = _item(program_progress(trainee_id=trainee.pk, program=program))

    assert (unchosen.met, chosen.met, passed.met) == (True, False, True)
