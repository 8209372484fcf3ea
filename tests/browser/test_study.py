"""In Chromium: a trainee works through a home-study module, whose hours wait
for its post-test (and are told so: not "credit added", as they once were),
and passes the quiz on the second attempt."""

import pytest
from playwright.sync_api import expect

from kaptraining.credits.models import LedgerEntry
from kaptraining.curriculum.models import CoursePage, ModulePage
from kaptraining.study.models import LessonCompletion, QuizAttempt
from tests.browser.helpers import sign_in
from tests.factories import CohortFactory, EnrolmentFactory, lessons_of, make_program
from tests.factories.curriculum import add_quiz_lesson, set_bank, single, true_false
from tests.factories.study import studied

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ensure_wagtail_root():
    # A flushed (transactional) database has lost Wagtail's root page and locale.
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code="en")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root"))


def test_trainee_completes_a_module_with_a_post_test(live_server, page):
    _ensure_wagtail_root()
    program = make_program(lessons=1)
    module = ModulePage.objects.descendant_of(program).get()
    set_bank(
        module,
        [
            single(
                "Which route is FDA-approved for treatment-resistant depression?",
                [
                    ("Intranasal esketamine", True, "Yes."),
                    ("Oral lozenges", False, "Used off-label."),
                ],
            ),
            true_false(
                "Consent is confirmed while the client is sober.",
                True,
                feedback_incorrect="It is confirmed while sober.",
            ),
        ],
        post_test_required=True,
    )
    quiz_lesson = add_quiz_lesson(
        module, title="Post-test", minutes=30, attempt_limit=3
    )
    enrolment = EnrolmentFactory(cohort=CohortFactory(program=program))
    course = CoursePage.objects.child_of(program).get()
    base = live_server.url

    sign_in(page, base, enrolment.trainee.email)

    # The outline: nothing done yet; open the first lesson and complete it.
    page.goto(base + course.url)
    expect(page.get_by_text("0 of 2 lessons done")).to_be_visible()
    page.get_by_role("link", name="Lesson 1", exact=True).click()
    expect(page.get_by_text("60 more minutes with this lesson.")).to_be_visible()
    # An hour with the lesson passes (the server's record of the first visit).
    studied(enrolment.trainee, *lessons_of(program)[:1])
    page.get_by_role("button", name="Mark lesson complete").click()
    expect(page.get_by_role("status")).to_contain_text("credit are held")
    expect(
        page.get_by_text(
            "Pass the post-test of “Module 1” for these hours to count.", exact=True
        )
    ).to_be_visible()

    # Next lesson: the post-test. A wrong first attempt, reviewed without the
    # answers (the default policy shows them after a pass or the last attempt).
    page.get_by_role("link", name="Next lesson: Post-test").click()
    page.get_by_label("Oral lozenges").check()
    page.get_by_label("False").check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("You scored 0%; 75% is needed to pass.")).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text(
        "The correct answers are shown once you pass this quiz"
    )
    expect(page.get_by_text("Used off-label.")).to_have_count(0)
    expect(page.get_by_text("correct answer", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Back to the lesson").click()
    expect(page.get_by_text("2 attempts left.")).to_be_visible()

    # Second attempt, using only the keyboard for the answers.
    page.get_by_label("Intranasal esketamine").focus()
    page.keyboard.press("Space")
    page.get_by_label("True", exact=True).check()
    page.get_by_role("button", name="Submit answers").press("Enter")
    expect(
        page.get_by_text("You passed with 100%. The lesson is complete.")
    ).to_be_visible()
    expect(page.get_by_text("correct answer", exact=True).first).to_be_visible()

    page.goto(base + course.url)
    expect(page.get_by_text("Complete", exact=True)).to_be_visible()
    assert QuizAttempt.objects.filter(trainee=enrolment.trainee).count() == 2
    credited = LedgerEntry.objects.filter(trainee=enrolment.trainee)
    assert sorted(credited.values_list("minutes", flat=True)) == [30, 60]
    assert quiz_lesson.pk in {int(e.source_id) for e in credited}


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
    studied(enrolment.trainee, lesson)  # an hour with it has passed
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
