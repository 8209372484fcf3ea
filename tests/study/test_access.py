"""Locks (drip, prerequisites, electives), previews, resume, journal, notes,
search and evaluations, seen through the trainee's and trainer's pages."""

import pytest
from django.urls import reverse

from kaptraining.credits.models import LedgerEntry
from kaptraining.curriculum.models import ModulePage
from kaptraining.study.models import (
    ElectiveChoice,
    EvaluationResponse,
    JournalEntry,
    LessonCompletion,
    LessonNote,
    StudyPosition,
)
from kaptraining.study.outline import program_outline
from kaptraining.study.services import evaluation_done
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory, add_lesson
from tests.factories.curriculum import add_course, add_module
from tests.factories.study import studied_as

from .conftest import started_weeks_ago

pytestmark = pytest.mark.django_db


def test_drip_module_not_yet_released_is_locked_with_date(client, course, enrolment):
    enrolment.cohort.start_date = started_weeks_ago(1)
    enrolment.cohort.save()
    later = add_module(course, title="The dosing session", release_week=4)
    lesson = later.get_children().specific().get()
    client.force_login(enrolment.trainee)

    page = client.get(lesson.url)
    complete = client.post(reverse("cohorts:complete_lesson", args=[lesson.pk]))
    outline = client.get(course.url).content.decode()

    assert page.status_code == 403
    assert "in week 4 of your cohort" in page.content.decode()
    assert complete.status_code == 403
    assert not LessonCompletion.objects.filter(lesson=lesson).exists()
    assert "Locked" in outline and "in week 4 of your cohort" in outline


def test_drip_module_released_after_its_week_is_open(client, course, enrolment):
    enrolment.cohort.start_date = started_weeks_ago(5)
    enrolment.cohort.save()
    lesson = (
        add_module(course, title="Integration", release_week=4)
        .get_children()
        .specific()
        .get()
    )
    client.force_login(enrolment.trainee)
    assert client.get(lesson.url).status_code == 200


def test_prerequisite_module_locks_until_all_its_lessons_are_complete(
    client, program, course, enrolment
):
    first = ModulePage.objects.child_of(course).get()
    second = add_module(course, title="Informed consent")
    second.prerequisites.add(first)
    second.save_revision().publish()
    lesson = second.get_children().specific().get()
    client.force_login(enrolment.trainee)

    locked = client.get(lesson.url)
    for done in first.get_children():
        studied_as(client, done)
        client.post(reverse("cohorts:complete_lesson", args=[done.pk]))
    opened = client.get(lesson.url)

    assert locked.status_code == 403
    assert "Complete the module “Module 1” first." in locked.content.decode()
    assert opened.status_code == 200


def test_staff_and_trainer_preview_locked_lesson_without_saving(
    client, course, enrolment, trainer
):
    lesson = (
        add_module(course, title="Later", release_week=40)
        .get_children()
        .specific()
        .get()
    )
    for viewer in (trainer, UserFactory(is_staff=True)):
        client.force_login(viewer)
        response = client.get(lesson.url)
        assert response.status_code == 200
        assert (
            "You are previewing this lesson as a trainee sees it."
            in response.content.decode()
        )
        assert "Mark lesson complete" not in response.content.decode()
    assert not StudyPosition.objects.exists()


def test_trainer_of_another_program_and_stranger_are_refused(
    client, program, enrolment
):
    from tests.factories import make_program

    other = CohortFactory(program=make_program(slug="other"))
    outsider = UserFactory(is_trainer=True)
    other.trainers.add(outsider)
    lesson = program.get_descendants().type(ModulePage).first().get_children().first()
    for user in (outsider, UserFactory()):
        client.force_login(user)
        response = client.get(lesson.url)
        assert response.status_code == 403
        assert "enrolled in this program" in response.content.decode()


def _electives(program, n_required=1):
    program.electives_required = n_required
    program.save_revision().publish()
    courses = []
    for title in ("Group KAP", "KAP and chronic pain", "Serving veterans"):
        course = add_course(program, title=title, elective=True)
        add_module(course, title=f"{title}: module")
        courses.append(course)
    return courses


def test_elective_unchosen_is_locked_and_choosing_opens_it(client, program, enrolment):
    group, pain, _veterans = _electives(program, n_required=1)
    lesson = (
        group.get_descendants().type(ModulePage).first().get_children().first().specific
    )
    client.force_login(enrolment.trainee)

    locked = client.get(lesson.url)
    chose = client.post(reverse("curriculum:elective_choose", args=[group.pk]))
    opened = client.get(lesson.url)
    refused = client.post(reverse("curriculum:elective_choose", args=[pain.pk]))

    assert locked.status_code == 403
    assert "Choose this elective on the program page" in locked.content.decode()
    assert chose.status_code == 302
    assert opened.status_code == 200
    assert refused.status_code == 409
    assert "You have already chosen your 1 elective." in refused.content.decode()
    assert list(ElectiveChoice.objects.values_list("course_id", flat=True)) == [
        group.pk
    ]


def test_elective_choice_by_stranger_is_404_and_nothing_saved(client, program):
    group, *_ = _electives(program)
    client.force_login(UserFactory())
    assert (
        client.post(reverse("curriculum:elective_choose", args=[group.pk])).status_code
        == 404
    )
    assert not ElectiveChoice.objects.exists()


def test_elective_counting_counts_completed_chosen_electives_up_to_n(
    program, enrolment
):
    group, pain, veterans = _electives(program, n_required=2)
    trainee = enrolment.trainee
    for course in (group, pain):
        ElectiveChoice.objects.create(
            trainee=trainee, enrolment=enrolment, course=course
        )
    for course in (group, veterans):  # veterans completed without being chosen
        for lesson in (
            course.get_descendants().type(ModulePage).first().get_children().specific()
        ):
            LessonCompletion.objects.create(
                trainee=trainee, lesson=lesson, enrolment=enrolment
            )

    outline = program_outline(program=program, trainee=trainee, enrolment=enrolment)

    assert outline.electives_chosen == 2
    assert outline.electives_completed == 1
    assert not outline.electives_met
    assert outline.course(veterans.pk).locked


def test_resume_returns_to_last_opened_unfinished_lesson(
    client, program, course, enrolment
):
    lessons = list(ModulePage.objects.child_of(course).get().get_children().specific())
    client.force_login(enrolment.trainee)

    client.get(lessons[1].url)
    outline_page = client.get(course.url).content.decode()
    studied_as(client, lessons[1])
    client.post(reverse("cohorts:complete_lesson", args=[lessons[1].pk]))
    after = program_outline(
        program=program, trainee=enrolment.trainee, enrolment=enrolment
    ).resume

    assert (
        StudyPosition.objects.get(trainee=enrolment.trainee).lesson_id == lessons[1].pk
    )
    assert f"Resume: {lessons[1].title}" in outline_page
    assert after.page.pk == lessons[0].pk


def test_course_outline_shows_ticks_progress_and_estimated_time(
    client, course, enrolment
):
    lessons = list(ModulePage.objects.child_of(course).get().get_children().specific())
    client.force_login(enrolment.trainee)
    studied_as(client, lessons[0])
    client.post(reverse("cohorts:complete_lesson", args=[lessons[0].pk]))

    body = client.get(course.url).content.decode()

    assert "1 of 2 lessons done" in body
    assert "Completed:" in body and "Not started:" in body
    assert "Estimated time: 2 hours" in body
    assert 'aria-valuenow="50"' in body


def test_lesson_previous_and_next_cross_module_boundaries(client, course, enrolment):
    first_module = ModulePage.objects.child_of(course).get()
    last_of_first = list(first_module.get_children().specific())[-1]
    second = add_module(course, title="Second")
    first_of_second = second.get_children().specific().get()
    client.force_login(enrolment.trainee)

    body = client.get(last_of_first.url).content.decode()

    assert f'href="{first_of_second.url}" rel="next"' in body


def test_journal_entry_is_private_to_its_author(client, course, enrolment):
    module = ModulePage.objects.child_of(course).get()
    lesson = add_lesson(module, title="Reflecting")
    lesson.body = [("reflection", {"prompt": "What do you bring into the room?"})]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    block_id = lesson.body[0].id
    other = EnrolmentFactory(cohort=enrolment.cohort)
    url = reverse("curriculum:journal_save", args=[lesson.pk, block_id])

    client.force_login(enrolment.trainee)
    saved = client.post(url, {"body": "My grief work matters here."})
    empty = client.post(url, {"body": "   "})
    unknown = client.post(
        reverse("curriculum:journal_save", args=[lesson.pk, "nope"]), {"body": "x"}
    )
    mine = client.get(reverse("curriculum:journal")).content.decode()
    client.force_login(other.trainee)
    theirs_lesson = client.get(lesson.url).content.decode()
    theirs_journal = client.get(reverse("curriculum:journal")).content.decode()

    assert saved.status_code == 302
    assert (
        empty.status_code == 400
        and "Write something before saving" in empty.content.decode()
    )
    assert unknown.status_code == 400
    assert JournalEntry.objects.get().body == "My grief work matters here."
    assert "My grief work matters here." in mine
    assert "My grief work matters here." not in theirs_lesson
    assert "My grief work matters here." not in theirs_journal


def test_notes_save_show_and_reject_overlong(client, course, enrolment):
    lesson = ModulePage.objects.child_of(course).get().get_children().first().specific
    url = reverse("curriculum:note_save", args=[lesson.pk])
    client.force_login(enrolment.trainee)

    client.post(url, {"body": "Ask about blood pressure."})
    too_long = client.post(url, {"body": "x" * 10_001})
    page = client.get(lesson.url).content.decode()

    assert too_long.status_code == 400
    assert "at most 10,000 characters" in too_long.content.decode()
    assert LessonNote.objects.get().body == "Ask about blood pressure."
    assert "Ask about blood pressure." in page


def test_search_finds_lessons_for_enrolled_trainees_only(client, course, enrolment):
    module = ModulePage.objects.child_of(course).get()
    lesson = add_lesson(module, title="The neuroplastic window")
    lesson.tags.add("integration")
    lesson.save_revision().publish()
    url = reverse("curriculum:search")

    client.force_login(UserFactory())
    refused = client.get(url, {"q": "neuroplastic"})
    client.force_login(enrolment.trainee)
    found = client.get(url, {"q": "neuroplastic"}).content.decode()
    tagged = client.get(url, {"tag": "integration"}).content.decode()
    nothing = client.get(url, {"q": "zebra"}).content.decode()

    assert refused.status_code == 403
    assert "The neuroplastic window" in found
    assert "The neuroplastic window" in tagged and "Lesson 1" not in tagged
    assert "No lessons match" in nothing


def test_course_evaluation_required_holds_hours_until_submitted(
    client, program, course, enrolment
):
    course.evaluation_required = True
    course.save_revision().publish()
    lesson = ModulePage.objects.child_of(course).get().get_children().first().specific
    url = reverse("curriculum:evaluation", args=[course.pk])
    client.force_login(enrolment.trainee)

    studied_as(client, lesson)
    client.post(reverse("cohorts:complete_lesson", args=[lesson.pk]))
    held = LedgerEntry.objects.filter(trainee=enrolment.trainee).count()
    invalid = client.post(url, {"objectives_met": "9"})
    valid = client.post(
        url,
        {
            "objectives_met": "5",
            "relevance": "4",
            "quality": "4",
            "free_of_bias": "yes",
            "comments": "Clear.",
        },
    )
    again = client.get(url)

    assert held == 0
    assert invalid.status_code == 400
    assert valid.status_code == 302
    assert again.status_code == 302
    assert EvaluationResponse.objects.count() == 1
    assert evaluation_done(trainee=enrolment.trainee, page=course)
    assert LedgerEntry.objects.get(trainee=enrolment.trainee).source_id == str(
        lesson.pk
    )


def test_evaluation_by_non_enrolled_user_is_404(client, course):
    course.evaluation_required = True
    course.save_revision().publish()
    client.force_login(UserFactory())
    assert (
        client.get(reverse("curriculum:evaluation", args=[course.pk])).status_code
        == 404
    )


def test_dashboard_shows_what_to_do_next(client, course, enrolment):
    client.force_login(enrolment.trainee)
    body = client.get(reverse("dashboard")).content.decode()
    assert "What to do next" in body
    assert "Resume: Lesson 1" in body
