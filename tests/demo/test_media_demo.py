"""The demo has a captioned video lesson and an audio lesson."""

import pytest

from kaptraining.curriculum.models import LessonMedia, LessonPage

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
