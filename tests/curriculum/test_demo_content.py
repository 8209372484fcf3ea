"""The demo curriculum: complete, idempotent, and true to the demo's premise."""

import pytest
from django.core.management import call_command

from cohorts.models import Enrolment
from kaptraining.accounts.models import User
from kaptraining.credits.progress import program_progress
from kaptraining.curriculum.models import LessonPage, ModulePage, ProgramPage
from kaptraining.study.access import lesson_access
from kaptraining.study.services import lesson_complete

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_curriculum_once_and_dana_can_finish(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("load_demo", verbosity=0)
    counts = (LessonPage.objects.count(), ModulePage.objects.count())
    call_command("load_demo", verbosity=0)

    program = ProgramPage.objects.get(slug="foundations-of-kap")
    assert (LessonPage.objects.count(), ModulePage.objects.count()) == counts
    assert counts[0] >= 20
    assert program.electives_required == 2
    screening = ModulePage.objects.get(title="Screening and contraindications")
    assert screening.post_test_required and len(screening.question_bank) == 5
    assert [m.title for m in screening.prerequisites.all()] == [
        "Foundations and pharmacology"
    ]
    assert LessonPage.objects.filter(tags__name="consent").exists()

    dana = User.objects.get(email="dana@demo.kaptraining.org")
    enrolment = Enrolment.objects.get(trainee=dana)
    lesson = LessonPage.objects.get(
        title="Ketamine pharmacology and routes of administration"
    )
    access = lesson_access(dana, lesson)
    assert access.can_complete, access.reason
    assert not program_progress(trainee_id=dana.pk, program=program).eligible

    lesson_complete(trainee=dana, lesson=lesson, enrolment=enrolment)

    assert program_progress(trainee_id=dana.pk, program=program).eligible
