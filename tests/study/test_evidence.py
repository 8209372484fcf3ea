"""Credit only for learning shown (issue 15): a lesson completes only after the
trainee has spent its estimated study time with it (server clock, from the
first visit; a program may ask a different share) and watched enough of each
recording; the server merges playback ranges and trusts no total beyond the
recording."""

import datetime
import json

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from kaptraining.credits.models import LedgerEntry
from kaptraining.study.models import (
    LessonCompletion,
    LessonVisit,
    MediaProgress,
    StudyPolicy,
)
from kaptraining.study.services import StudyError, lesson_complete, study_evidence
from tests.factories import UserFactory, lessons_of
from tests.factories.media import lesson_media
from tests.factories.study import studied

pytestmark = pytest.mark.django_db


def _complete(client, lesson):
    return client.post(reverse("cohorts:complete_lesson", args=[lesson.pk]))


def _nothing_written(trainee):
    assert not LessonCompletion.objects.filter(trainee=trainee).exists()
    assert not LedgerEntry.objects.filter(trainee=trainee).exists()


def test_completing_right_after_opening_is_refused_with_minutes_left(
    client, program, enrolment
):
    lesson = lessons_of(program)[0]  # 60 minutes of estimated study
    client.force_login(enrolment.trainee)
    opened = client.get(lesson.url)
    assert "60 more minutes with this lesson." in opened.content.decode()

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=48)):
        response = _complete(client, lesson)

    assert response.status_code == 409
    assert "12 more minutes with this lesson." in response.content.decode()
    _nothing_written(enrolment.trainee)


def test_completing_without_ever_opening_the_lesson_is_refused(
    client, program, enrolment
):
    client.force_login(enrolment.trainee)

    response = _complete(client, lessons_of(program)[0])

    assert response.status_code == 409
    assert "60 more minutes with this lesson." in response.content.decode()
    _nothing_written(enrolment.trainee)


def test_after_the_estimated_time_the_lesson_completes_and_credits(
    client, program, enrolment
):
    lesson = lessons_of(program)[0]
    client.force_login(enrolment.trainee)
    client.get(lesson.url)

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        response = _complete(client, lesson)

    assert response.status_code == 302
    assert LedgerEntry.objects.get(trainee=enrolment.trainee).minutes == 60


def test_a_second_visit_does_not_restart_the_clock(client, program, enrolment):
    lesson = lessons_of(program)[0]
    client.force_login(enrolment.trainee)
    client.get(lesson.url)
    first = LessonVisit.objects.get(trainee=enrolment.trainee).first_opened_at

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=30)):
        client.get(lesson.url)

    assert LessonVisit.objects.get(trainee=enrolment.trainee).first_opened_at == first


def test_a_program_policy_sets_the_share_of_the_estimated_time(program, enrolment):
    StudyPolicy.objects.create(program=program, minimum_time_percent=25)
    lesson = lessons_of(program)[0]
    studied(enrolment.trainee, lesson, minutes_ago=10)

    evidence = study_evidence(trainee=enrolment.trainee, lesson=lesson, program=program)

    assert (evidence.minutes_required, evidence.minutes_left) == (15, 5)
    with pytest.raises(StudyError, match="5 more minutes"):
        lesson_complete(trainee=enrolment.trainee, lesson=lesson, enrolment=enrolment)
    studied(enrolment.trainee, lesson, minutes_ago=15)
    assert lesson_complete(
        trainee=enrolment.trainee, lesson=lesson, enrolment=enrolment
    ).created


# --- recordings -------------------------------------------------------------------


@pytest.fixture
def video_lesson(program):
    """Lesson 1 gets an uploaded video (a block the page can follow)."""
    lesson = lessons_of(program)[0]
    media = lesson_media("video", title="Welcome video")
    lesson.body = [
        (
            "video",
            {
                "title": "Welcome to the program",
                "media": media,
                "transcript": "Welcome.",
            },
        )
    ]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def _block_id(lesson):
    return lesson.body[0].id


def _report(client, lesson, ranges, duration=600, block_id=None):
    return client.post(
        reverse("curriculum:media_progress", args=[lesson.pk]),
        {
            "block_id": block_id or _block_id(lesson),
            "duration": str(duration),
            "ranges": json.dumps(ranges),
        },
    )


def test_a_video_lesson_needs_the_video_watched_and_says_how_much_more(
    client, video_lesson, enrolment
):
    client.force_login(enrolment.trainee)
    client.get(video_lesson.url)
    studied(enrolment.trainee, video_lesson)  # the time has passed
    assert _report(client, video_lesson, [[0, 300]]).json()["percent"] == 50

    page = client.get(video_lesson.url).content.decode()
    refused = _complete(client, video_lesson)

    assert "Watch 40% more of “Welcome to the program”." in page
    assert "js/media-progress.js" in page
    assert refused.status_code == 409
    _nothing_written(enrolment.trainee)
    _report(client, video_lesson, [[290, 560]])
    assert _complete(client, video_lesson).status_code == 302


def test_ranges_are_merged_and_never_exceed_the_recording(
    client, video_lesson, enrolment
):
    client.force_login(enrolment.trainee)
    studied(enrolment.trainee, video_lesson)
    _report(client, video_lesson, [[0, 100], [50, 150]])
    _report(client, video_lesson, [[140, 200], [400, 99999], [-50, 10]])
    # A later report cannot stretch the recording it first reported.
    response = _report(client, video_lesson, [[0, 5000]], duration=5000)

    row = MediaProgress.objects.get(trainee=enrolment.trainee)
    assert row.duration_seconds == 600
    assert row.ranges == [[0, 600]]
    assert row.watched_seconds == 600
    assert response.json()["percent"] == 100


def test_watched_time_cannot_outrun_the_time_since_the_lesson_was_opened(
    client, video_lesson, enrolment
):
    client.force_login(enrolment.trainee)
    studied(enrolment.trainee, video_lesson, minutes_ago=1)

    _report(client, video_lesson, [[0, 600]])

    # One minute since opening allows at most two minutes at double speed.
    assert MediaProgress.objects.get().watched_seconds <= 121


@pytest.mark.parametrize(
    "ranges",
    ['"all of it"', "[[0]]", '[["a", 5]]', "not json", "[[0, NaN]]"],
)
def test_malformed_playback_report_is_400_and_nothing_written(
    client, video_lesson, enrolment, ranges
):
    client.force_login(enrolment.trainee)
    studied(enrolment.trainee, video_lesson)

    response = client.post(
        reverse("curriculum:media_progress", args=[video_lesson.pk]),
        {"block_id": _block_id(video_lesson), "duration": "600", "ranges": ranges},
    )

    assert response.status_code == 400
    assert not MediaProgress.objects.exists()


def test_report_for_an_unknown_block_or_by_an_outsider_is_refused(
    client, video_lesson, enrolment
):
    client.force_login(enrolment.trainee)
    studied(enrolment.trainee, video_lesson)
    unknown = _report(client, video_lesson, [[0, 10]], block_id="not-a-block")
    client.force_login(UserFactory())
    outsider = _report(client, video_lesson, [[0, 10]])

    assert (unknown.status_code, outsider.status_code) == (400, 403)
    assert not MediaProgress.objects.exists()
