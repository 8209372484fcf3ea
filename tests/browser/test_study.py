"""In Chromium: completing a lesson whose hours a post-test holds back says so,
and never that credit was added (it used to)."""

import pytest
from playwright.sync_api import expect

from kaptraining.credits.models import LedgerEntry
from kaptraining.curriculum.models import ModulePage
from kaptraining.study.models import LessonCompletion
from tests.browser.helpers import sign_in
from tests.browser.test_curriculum import _ensure_wagtail_root
from tests.factories import CohortFactory, EnrolmentFactory, make_program
from tests.factories.curriculum import add_quiz_lesson, set_bank, true_false

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_completion_held_by_post_test_says_held_not_credited(live_server, page):
    _ensure_wagtail_root()
    program = make_program(lessons=1)
    module = ModulePage.objects.descendant_of(program).get()
    set_bank(
        module,
        [true_false("Consent is confirmed while the client is sober.", True)],
        post_test_required=True,
    )
    add_quiz_lesson(module, title="Post-test", minutes=30)
    enrolment = EnrolmentFactory(cohort=CohortFactory(program=program))
    lesson = module.get_children().live().first().specific
    base = live_server.url
    sign_in(page, base, enrolment.trainee.email)

    page.goto(base + lesson.url)
    page.get_by_role("button", name="Mark lesson complete").click()

    status = page.get_by_role("status")
    expect(status).to_have_text(
        "Lesson complete. Its 60 minutes of credit are held. "
        "Pass the post-test of “Module 1” for these hours to count."
    )
    expect(status).not_to_contain_text("added")
    assert LessonCompletion.objects.filter(trainee=enrolment.trainee).count() == 1
    assert not LedgerEntry.objects.filter(trainee=enrolment.trainee).exists()

    # Completing it again tells the truth too: nothing new happened.
    page.goto(base + lesson.url)
    expect(page.get_by_role("button", name="Mark lesson complete")).to_have_count(0)
