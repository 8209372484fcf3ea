"""The trainee's path through a lesson: gated, completed once, credited, and
the certificate once the requirement is met."""

import pytest
from django.urls import reverse

from cohorts.models import EnrolmentStatus
from kaptraining.certificates.models import Certificate
from kaptraining.credits.models import LedgerEntry
from kaptraining.study.models import LessonCompletion
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    UserFactory,
    add_lesson,
    lessons_of,
)
from tests.factories.study import studied_as

pytestmark = pytest.mark.django_db


def test_lesson_anonymous_is_sent_to_login(client, program):
    lesson = lessons_of(program)[0]
    response = client.get(lesson.url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_lesson_not_enrolled_is_refused(client, program):
    lesson = lessons_of(program)[0]
    client.force_login(UserFactory())
    response = client.get(lesson.url)
    assert response.status_code == 403
    assert "enrolled" in response.content.decode()


def test_lesson_unpaid_enrolment_is_refused(client, program):
    enrolment = EnrolmentFactory(
        cohort=CohortFactory(program=program), status=EnrolmentStatus.PENDING_PAYMENT
    )
    client.force_login(enrolment.trainee)
    response = client.get(lessons_of(program)[0].url)
    assert response.status_code == 403
    assert "tuition is paid" in response.content.decode()


def test_complete_lesson_credits_ledger_once(client, program):
    enrolment = EnrolmentFactory(cohort=CohortFactory(program=program))
    lesson = lessons_of(program)[0]
    client.force_login(enrolment.trainee)

    studied_as(client, lesson)
    first = client.post(reverse("cohorts:complete_lesson", args=[lesson.pk]))
    studied_as(client, lesson)
    second = client.post(reverse("cohorts:complete_lesson", args=[lesson.pk]))

    assert first.status_code == second.status_code == 302
    entries = LedgerEntry.objects.filter(trainee=enrolment.trainee)
    assert [(e.minutes, e.category, e.source) for e in entries] == [
        (60, "didactic", "lesson")
    ]
    assert entries[0].rule == f"lesson {lesson.pk} revision {lesson.live_revision_id}"
    assert LessonCompletion.objects.filter(trainee=enrolment.trainee).count() == 1
    page = client.get(lesson.url).content.decode()
    assert "Completed" in page


def test_complete_lesson_not_enrolled_writes_nothing(client, program):
    lesson = lessons_of(program)[0]
    client.force_login(UserFactory())
    response = client.post(reverse("cohorts:complete_lesson", args=[lesson.pk]))
    assert response.status_code == 403
    assert not LedgerEntry.objects.exists()
    assert not LessonCompletion.objects.exists()


def test_meeting_requirement_issues_one_certificate(
    client, program, mailoutbox, django_capture_on_commit_callbacks
):
    enrolment = EnrolmentFactory(cohort=CohortFactory(program=program))
    module = lessons_of(program)[0].get_parent()
    ethics = add_lesson(module, title="Ethics", category="ethics")
    client.force_login(enrolment.trainee)

    # Issuance is enqueued after commit; run those callbacks as a commit would.
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in [*lessons_of(program)[:2], ethics]:
            studied_as(client, lesson)
            client.post(reverse("cohorts:complete_lesson", args=[lesson.pk]))

    certificate = Certificate.objects.get(trainee=enrolment.trainee)
    assert certificate.status == "valid"
    assert certificate.hours_minutes == 180
    assert certificate.pdf.read()[:5] == b"%PDF-"
    assert [m.to for m in mailoutbox] == [[enrolment.trainee.email]]
    assert certificate.number in mailoutbox[0].body
