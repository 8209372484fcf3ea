"""The course outline and lesson pages run a fixed number of queries, whatever
the number of modules, lessons and trainees (measured at 1x and 10x data)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaptraining.curriculum.models import CoursePage, ModulePage
from kaptraining.study.models import LessonCompletion
from tests.factories import EnrolmentFactory, lessons_of
from tests.factories.curriculum import add_module

pytestmark = pytest.mark.django_db

BUDGET = {"course": 30, "lesson": 40}


def _grow(program, enrolment, *, modules, trainees):
    course = CoursePage.objects.child_of(program).get()
    first = ModulePage.objects.child_of(course).first()
    for i in range(modules):
        module = add_module(
            course, title=f"Extra {ModulePage.objects.count()}-{i}", lessons=2
        )
        module.prerequisites.add(first)
        module.save_revision().publish()
    lessons = lessons_of(program)
    for _ in range(trainees):
        other = EnrolmentFactory(cohort=enrolment.cohort)
        LessonCompletion.objects.bulk_create(
            LessonCompletion(trainee=other.trainee, lesson=lesson, enrolment=other)
            for lesson in lessons[:3]
        )
    LessonCompletion.objects.get_or_create(
        trainee=enrolment.trainee, lesson=lessons[0], enrolment=enrolment
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_course_outline_and_lesson_queries_do_not_grow_with_data(
    client, program, enrolment
):
    client.force_login(enrolment.trainee)
    course = CoursePage.objects.child_of(program).get()
    lesson = lessons_of(program)[1]
    _grow(program, enrolment, modules=1, trainees=1)
    # Warm up as any earlier visit would: the site-root cache, and the trainee's
    # study position row (created on the first lesson visit, updated afterwards).
    client.get(course.url)
    client.get(lesson.url)
    small = {"course": _count(client, course.url), "lesson": _count(client, lesson.url)}

    _grow(
        program, enrolment, modules=9, trainees=9
    )  # now 10x modules, lessons, trainees
    # The change dropped the cached structure and progress (issue 19): warm
    # them again, as the first visit after a publish does.
    client.get(course.url)
    client.get(lesson.url)
    large = {"course": _count(client, course.url), "lesson": _count(client, lesson.url)}

    assert large == small
    assert small["course"] <= BUDGET["course"]
    assert small["lesson"] <= BUDGET["lesson"]
