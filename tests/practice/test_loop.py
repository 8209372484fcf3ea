"""The assessed consent-practice loop: submit, score with the rubric, pass
(credit and requirement) or fail and resubmit, second rating, and who may
open a recording."""

import datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import kaptraining.demo
from kaptraining.core.categories import Category
from kaptraining.core.models import OutboundEmail
from kaptraining.credits import checks
from kaptraining.credits.models import LedgerEntry
from kaptraining.practice.models import RecordingAccess, Submission
from kaptraining.practice.registrations import consent_assessment
from kaptraining.practice.services import recordings_purge
from kaptraining.practice.tasks import purge_recordings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VIDEO = (
    Path(kaptraining.demo.__file__).parent / "data" / "media" / "consent-welcome.mp4"
).read_bytes()


def _submit(client, assessment, **extra):
    data = {
        "kind": "recording",
        "recording": SimpleUploadedFile("roleplay.mp4", VIDEO, "video/mp4"),
        "colleague_confirmed": "on",
        **extra,
    }
    return client.post(reverse("practice:submit", args=[assessment.pk]), data)


def _score(client, submission, levels, *, notes="0:05 Named the right to stop."):
    criteria = submission.assessment.criteria()
    data = {"comment": "Warm and clear.", "notes": notes}
    for criterion, index in zip(criteria, levels, strict=True):
        data[f"level-{criterion.id}"] = str(index)
        data[f"comment-{criterion.id}"] = f"On {criterion.value['title']}."
    return client.post(reverse("practice:review", args=[submission.pk]), data)


def _requirement_met(assessment, trainee) -> bool:
    ctx = checks.CheckContext(trainee=trainee, today=timezone.localdate())
    return consent_assessment(assessment.program, [ctx])[trainee.pk].met


def test_pass_credits_hours_and_meets_the_requirement(
    client, enrolment, assessment, assessor
):
    trainee = enrolment.trainee
    client.force_login(trainee)
    home = client.get(reverse("practice:home")).content.decode()
    assert assessment.title in home
    form = client.get(reverse("practice:submit", args=[assessment.pk])).content.decode()
    assert "never a real client" in form

    response = _submit(client, assessment)
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert submission.recording.name.startswith("av/practice/")
    assert submission.recording_type == "video/mp4"
    assert not _requirement_met(assessment, trainee)

    client.force_login(assessor)
    queue = client.get(reverse("practice:queue")).content.decode()
    assert reverse("practice:submission", args=[submission.pk]) in queue
    assert _score(client, submission, [2, 2, 2, 2]).status_code == 302

    submission.refresh_from_db()
    assert submission.status == Submission.Status.PASSED
    entry = LedgerEntry.objects.get(trainee=trainee)
    assert (entry.category, entry.minutes) == (Category.CONSENT_PRACTICE, 90)
    assert entry.source == "consent_practice" and entry.approved_by == assessor
    assert _requirement_met(assessment, trainee)
    assert checks._registry["consent_assessment"].func is consent_assessment

    # The trainee sees the rubric, the levels given and the time-stamped notes.
    client.force_login(trainee)
    page = client.get(reverse("practice:submission", args=[submission.pk]))
    body = page.content.decode()
    assert "Explains off-label status" in body and "On Right to stop." in body
    assert "0:05" in body and "Named the right to stop." in body
    assert "Passed" in body
    sent = OutboundEmail.objects.get(template="practice_result")
    assert "You passed" in sent.subject and trainee.email in sent.to
    # no second attempt after a pass
    assert _submit(client, assessment).status_code == 400


def test_fail_then_resubmission(client, enrolment, assessment, assessor):
    trainee = enrolment.trainee
    client.force_login(trainee)
    _submit(client, assessment)
    first = Submission.objects.get()
    # a second submission while the first is assessed is refused
    assert _submit(client, assessment).status_code == 400

    client.force_login(assessor)
    _score(client, first, [0, 1, 0, 1])
    first.refresh_from_db()
    assert first.status == Submission.Status.FAILED
    assert not LedgerEntry.objects.exists()
    assert not _requirement_met(assessment, trainee)

    client.force_login(trainee)
    body = client.get(reverse("practice:submission", args=[first.pk])).content.decode()
    assert "Submit again" in body
    assert _submit(client, assessment).status_code == 302
    second = Submission.objects.get(attempt=2)
    client.force_login(assessor)
    _score(client, second, [2, 2, 2, 2])
    second.refresh_from_db()
    assert second.status == Submission.Status.PASSED
    assert LedgerEntry.objects.get().source_id == str(second.pk)


def test_borderline_needs_a_second_rater_and_staff_see_agreement(
    client, enrolment, assessment, assessor, settings
):
    settings.KAP_REQUIRE_STAFF_MFA = False
    second_assessor = UserFactory()
    assessment.assessors.add(second_assessor)
    client.force_login(enrolment.trainee)
    _submit(client, assessment)
    submission = Submission.objects.get()

    client.force_login(assessor)
    _score(client, submission, [2, 2, 1, 1])  # 6: the threshold, borderline
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SECOND_RATING
    # the same assessor cannot give the second score
    assert _score(client, submission, [2, 2, 2, 2]).status_code == 404 or (
        submission.reviews.count() == 1
    )

    client.force_login(second_assessor)
    _score(client, submission, [2, 1, 1, 1])  # 5: mean 5.5 fails
    submission.refresh_from_db()
    assert submission.status == Submission.Status.FAILED
    assert submission.total == 5.5
    assert submission.agreement() == {
        "same": 3,
        "criteria": 4,
        "percent": 75,
        "difference": 1,
    }
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("practice:submission", args=[submission.pk]))
    assert "3 of 4 criteria at the same level (75%)" in page.content.decode()
    client.force_login(enrolment.trainee)
    page = client.get(reverse("practice:submission", args=[submission.pk]))
    assert "Inter-rater agreement" not in page.content.decode()


def test_only_trainee_assessors_and_staff_open_a_recording(
    client, enrolment, assessment, assessor, settings
):
    settings.KAP_REQUIRE_STAFF_MFA = False
    client.force_login(enrolment.trainee)
    _submit(client, assessment)
    submission = Submission.objects.get()
    url = reverse("practice:recording", args=[submission.pk])

    for user, status in (
        (enrolment.trainee, 206),
        (assessor, 206),
        (UserFactory(is_staff=True, is_superuser=True), 206),
        (UserFactory(), 404),
        (UserFactory(is_trainer=True), 404),
    ):
        client.force_login(user)
        response = client.get(url, HTTP_RANGE="bytes=0-99")
        assert response.status_code == status, user
        if status == 206:
            assert b"".join(response.streaming_content) == VIDEO[:100]
    assert RecordingAccess.objects.count() == 3
    client.force_login(UserFactory())
    assert (
        client.get(reverse("practice:submission", args=[submission.pk])).status_code
        == 404
    )
    review = client.get(reverse("practice:review", args=[submission.pk]))
    assert review.status_code == 404


def test_submit_refuses_a_renamed_file_and_an_unconfirmed_role_play(
    client, enrolment, assessment
):
    client.force_login(enrolment.trainee)
    png = SimpleUploadedFile("roleplay.mp4", b"\x89PNG\r\n\x1a\n" + b"\0" * 99)
    refused = _submit(client, assessment, recording=png)
    assert refused.status_code == 400
    assert "is not MP4, WEBM, MP3, M4A, OGG" in refused.content.decode()
    unconfirmed = client.post(
        reverse("practice:submit", args=[assessment.pk]),
        {"kind": "recording", "recording": SimpleUploadedFile("r.mp4", VIDEO)},
    )
    assert unconfirmed.status_code == 400
    assert not Submission.objects.exists()


def test_a_trainee_not_in_the_program_cannot_submit(client, assessment):
    client.force_login(UserFactory())
    assert _submit(client, assessment).status_code == 404
    assert not Submission.objects.exists()


def test_recordings_are_deleted_after_the_retention_period(
    enrolment, assessment, assessor, settings
):
    settings.KAP_PRACTICE_RETENTION_DAYS = 30
    submission = Submission.objects.create(
        assessment=assessment,
        trainee=enrolment.trainee,
        kind="recording",
        colleague_confirmed=True,
        status=Submission.Status.FAILED,
        decided_at=timezone.now() - datetime.timedelta(days=31),
    )
    submission.recording.save("old.mp4", ContentFile(VIDEO))
    path = Path(submission.recording.path)
    recent = Submission.objects.create(
        assessment=assessment,
        trainee=enrolment.trainee,
        attempt=2,
        kind="recording",
        colleague_confirmed=True,
        status=Submission.Status.FAILED,
        decided_at=timezone.now() - datetime.timedelta(days=3),
    )
    recent.recording.save("recent.mp4", ContentFile(VIDEO))

    assert purge_recordings.delay().get() == 1
    submission.refresh_from_db()
    recent.refresh_from_db()
    assert not path.exists() and not submission.recording
    assert submission.recording_deleted_at is not None
    assert recent.recording
    assert recordings_purge() == 0  # a second run is harmless
