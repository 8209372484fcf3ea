"""The demo has a captioned video lesson and an audio lesson."""

import pytest

from kaptraining.curriculum.models import LessonMedia, LessonPage
from kaptraining.study.models import LessonCompletion, LessonVisit, MediaProgress
from kaptraining.study.services import lesson_media_blocks, study_evidence

pytestmark = pytest.mark.django_db


def test_demo_has_a_captioned_video_and_an_audio_lesson(demo_db):
    # (the files themselves live under the session's PRIVATE_ROOT, which each
    # test replaces; tests/curriculum/test_media.py plays them in ranges)
    video = LessonMedia.objects.get(type="video")
    audio = LessonMedia.objects.get(type="audio")
    assert video.captions.name.endswith(".vtt") and audio.captions.name.endswith(".vtt")
    assert video.file.name.startswith("av/lesson/")
    lesson = LessonPage.objects.get(title="Elements of consent in a non-ordinary state")
    blocks = [b for b in lesson.body if b.block_type == "video"]
    assert len(blocks) == 1 and blocks[0].value["media"] == video
    assert blocks[0].value["transcript"] and blocks[0].value["poster"] is not None
    grounding = LessonPage.objects.get(title="Intentions, education and grounding")
    assert [b.value["media"] for b in grounding.body if b.block_type == "audio"] == [
        audio
    ]


def test_trainees_watched_the_recordings_before_completing_their_lessons(demo_db):
    # Completion asks for evidence (issue 15): the demo's trainees play each
    # recording through study's media service, as the lesson page's player does,
    # between first opening the lesson and completing it.
    lessons = LessonPage.objects.filter(
        title__in=[
            "Elements of consent in a non-ordinary state",
            "Intentions, education and grounding",
        ]
    )
    completions = LessonCompletion.objects.filter(lesson__in=lessons).select_related(
        "enrolment__cohort__program"
    )
    assert completions.count() > 10
    for done in completions:
        lesson = LessonPage.objects.get(pk=done.lesson_id)
        blocks = lesson_media_blocks(lesson)
        assert blocks
        visit = LessonVisit.objects.get(trainee=done.trainee_id, lesson=lesson)
        for block_id in blocks:
            row = MediaProgress.objects.get(
                trainee=done.trainee_id, lesson=lesson, block_id=block_id
            )
            assert row.percent == 100
            assert visit.first_opened_at < row.updated_at <= done.completed_at
        evidence = study_evidence(
            trainee=done.trainee,
            lesson=lesson,
            program=done.enrolment.cohort.program,
            now=done.completed_at,
        )
        assert evidence.sufficient, evidence.missing
