"""The demo has a captioned video lesson and an audio lesson, playable by the
trainees enrolled in the program."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kaptraining.curriculum.models import LessonMedia, LessonPage

pytestmark = pytest.mark.django_db


def test_demo_has_a_captioned_video_and_an_audio_lesson(demo_db, client):
    video = LessonMedia.objects.get(type="video")
    audio = LessonMedia.objects.get(type="audio")
    assert video.captions and audio.captions
    assert video.file.size + audio.file.size < 1024 * 1024
    lesson = LessonPage.objects.get(title="Elements of consent in a non-ordinary state")
    assert [b.block_type for b in lesson.body].count("video") == 1
    assert any(
        b.block_type == "audio"
        for b in LessonPage.objects.get(
            title="Intentions, education and grounding"
        ).body
    )
    url = reverse("lesson_media", args=[lesson.pk, video.pk, "file"])
    emery = get_user_model().objects.get(email="emery@demo.kaptraining.org")
    client.force_login(emery)
    response = client.get(url, HTTP_RANGE="bytes=0-7")
    assert response.status_code == 206
    assert b"".join(response.streaming_content)[4:8] == b"ftyp"
