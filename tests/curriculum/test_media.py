"""Lesson audio and video: judged by content, captioned before publishing,
played only by those who may study the lesson, in byte ranges."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.blocks import StructBlockValidationError

import kaptraining.demo
from kaptraining.core.uploads import sniff_media, validate_media
from kaptraining.curriculum import blocks
from kaptraining.curriculum.models import LessonMedia
from tests.factories import UserFactory, lessons_of

pytestmark = pytest.mark.django_db

DATA = Path(kaptraining.demo.__file__).parent / "data" / "media"
VIDEO = (DATA / "consent-welcome.mp4").read_bytes()
AUDIO = (DATA / "grounding-practice.mp3").read_bytes()
VTT = (DATA / "consent-welcome.en.vtt").read_bytes()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def make_media(kind="video", *, captions=True, title="Welcome"):
    media = LessonMedia(title=title, type=kind)
    data, name = (VIDEO, "welcome.mp4") if kind == "video" else (AUDIO, "ground.mp3")
    media.file.save(name, ContentFile(data), save=False)
    if captions:
        media.captions.save("welcome.vtt", ContentFile(VTT), save=False)
    media.save()
    return media


def put_video(lesson, media, *, transcript="Words spoken in the video."):
    lesson.body = [
        ("heading", {"text": "Consent", "level": "h2"}),
        ("video", {"media": media, "title": "Welcome", "transcript": transcript}),
    ]
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson.body[1].id


# --- content, not names ------------------------------------------------------


@pytest.mark.parametrize(
    "data, kind",
    [
        (VIDEO, "mp4"),
        (AUDIO, "mp3"),
        (VTT, "vtt"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "m4a"),
        (b"OggS\x00\x02" + b"\x00" * 20, "ogg"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "webm"),
        (b"\xef\xbb\xbfWEBVTT\n\n00:00.000 --> 00:01.000\nHi", "vtt"),
        (PNG, None),
        (b"WEBVTTX", None),
        (b"<html><script>alert(1)</script>", None),
    ],
)
def test_sniff_media_reads_the_first_bytes(data, kind):
    assert sniff_media(ContentFile(data, name="any.mp4")) == kind


def test_validate_media_refuses_a_renamed_image_and_an_oversized_file():
    with pytest.raises(ValidationError, match="not MP4, WEBM"):
        validate_media(
            ContentFile(PNG, name="talk.mp4"), kinds=("mp4", "webm"), max_bytes=10**6
        )
    with pytest.raises(ValidationError, match="largest accepted"):
        validate_media(
            ContentFile(VIDEO, name="talk.mp4"), kinds=("mp4",), max_bytes=10
        )


@pytest.fixture
def staff_client(client, settings):
    settings.KAP_REQUIRE_STAFF_MFA = False  # MFA for the admin is tested with accounts
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_upload_refuses_a_renamed_file_by_content(staff_client):
    response = staff_client.post(
        reverse("wagtailmedia:add", args=["video"]),
        {
            "title": "Not a video",
            "file": ContentFile(PNG, name="intro.mp4"),
            "captions_language": "en",
            "captions_label": "English",
            "collection": 1,
        },
    )
    assert response.status_code == 200
    assert "is not MP4, WEBM" in response.content.decode()
    assert not LessonMedia.objects.exists()


def test_admin_upload_refuses_captions_that_are_not_webvtt(staff_client):
    response = staff_client.post(
        reverse("wagtailmedia:add", args=["video"]),
        {
            "title": "Intro",
            "file": ContentFile(VIDEO, name="intro.mp4"),
            "captions": ContentFile(
                b"1\n00:00:00,000 --> 00:00:01,000\nHi", name="a.vtt"
            ),
            "captions_language": "en",
            "captions_label": "English",
            "collection": 1,
        },
    )
    assert "is not VTT" in response.content.decode()
    assert not LessonMedia.objects.exists()


def test_admin_upload_accepts_a_captioned_mp4_into_private_storage(
    staff_client, settings
):
    response = staff_client.post(
        reverse("wagtailmedia:add", args=["video"]),
        {
            "title": "Intro",
            "file": ContentFile(VIDEO, name="intro.mp4"),
            "captions": ContentFile(VTT, name="intro.vtt"),
            "captions_language": "en",
            "captions_label": "English",
            "collection": 1,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    media = LessonMedia.objects.get()
    assert Path(media.file.path).is_relative_to(settings.PRIVATE_ROOT)
    assert media.url == reverse("lesson_media", args=[0, media.pk, "file"])


# --- publishing needs captions and a transcript ----------------------------


def test_video_block_with_uncaptioned_media_cannot_be_published():
    block = blocks.VideoBlock()
    value = block.to_python(
        {"media": make_media(captions=False).pk, "title": "Intro", "transcript": "W."}
    )
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(value)
    assert "has no captions" in str(exc.value.block_errors["media"])


def test_video_block_with_captions_but_no_transcript_cannot_be_published():
    block = blocks.VideoBlock()
    value = block.to_python({"media": make_media().pk, "title": "Intro"})
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(value)
    assert "transcript" in exc.value.block_errors


# --- the player and who may play -------------------------------------------


def test_lesson_renders_an_accessible_native_player(client, enrolment):
    lesson = lessons_of(enrolment.cohort.program)[0]
    media = make_media()
    block_id = put_video(lesson, media)
    client.force_login(enrolment.trainee)
    html = client.get(lesson.url).content.decode()
    assert f'data-kap-media="{block_id}"' in html
    assert 'controls preload="metadata"' in html
    assert "autoplay" not in html
    assert '<track kind="captions" srclang="en" label="English"' in html
    assert '<details class="transcript">' in html
    assert reverse("lesson_media", args=[lesson.pk, media.pk, "file"]) in html


def test_range_request_answers_206_with_the_asked_bytes(client, enrolment):
    lesson = lessons_of(enrolment.cohort.program)[0]
    media = make_media()
    put_video(lesson, media)
    client.force_login(enrolment.trainee)
    url = reverse("lesson_media", args=[lesson.pk, media.pk, "file"])

    partial = client.get(url, HTTP_RANGE="bytes=100-1123")
    assert partial.status_code == 206
    assert b"".join(partial.streaming_content) == VIDEO[100:1124]
    assert partial["Content-Range"] == f"bytes 100-1123/{len(VIDEO)}"
    assert partial["Content-Type"] == "video/mp4"

    tail = client.get(url, HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == VIDEO[-10:]
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == VIDEO
    beyond = client.get(url, HTTP_RANGE=f"bytes={len(VIDEO)}-")
    assert beyond.status_code == 416

    captions = client.get(
        reverse("lesson_media", args=[lesson.pk, media.pk, "captions"])
    )
    assert captions["Content-Type"] == "text/vtt"
    assert b"".join(captions.streaming_content) == VTT


def test_production_hands_the_bytes_to_nginx(client, enrolment, settings):
    settings.KAP_PRIVATE_ACCEL_PREFIX = "/_private/"
    lesson = lessons_of(enrolment.cohort.program)[0]
    media = make_media()
    put_video(lesson, media)
    client.force_login(enrolment.trainee)
    response = client.get(reverse("lesson_media", args=[lesson.pk, media.pk, "file"]))
    assert response["X-Accel-Redirect"] == "/_private/" + media.file.name
    assert media.file.name.startswith("av/lesson/")  # the nginx location's folder
    assert response.content == b""


def test_private_media_refused_to_a_trainee_not_enrolled(client, enrolment, program):
    lesson = lessons_of(program)[0]
    media = make_media()
    put_video(lesson, media)
    url = reverse("lesson_media", args=[lesson.pk, media.pk, "file"])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(enrolment.trainee)
    assert client.get(url).status_code == 200


def test_private_media_refused_outside_a_lesson_that_uses_it(client, enrolment):
    lessons = lessons_of(enrolment.cohort.program)
    media = make_media()
    put_video(lessons[0], media)
    client.force_login(enrolment.trainee)
    # another lesson the trainee may study, but which does not show this video
    other = reverse("lesson_media", args=[lessons[1].pk, media.pk, "file"])
    assert client.get(other).status_code == 404
    # the editor's address (no lesson) is for editors only
    assert client.get(media.url).status_code == 404


def test_trainer_and_editor_may_play(client, trainer, enrolment, settings):
    settings.KAP_REQUIRE_STAFF_MFA = False
    lesson = lessons_of(enrolment.cohort.program)[0]
    media = make_media()
    put_video(lesson, media)
    client.force_login(trainer)
    url = reverse("lesson_media", args=[lesson.pk, media.pk, "file"])
    assert client.get(url).status_code == 200
    assert client.get(media.url).status_code == 404  # not an editor
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(media.url).status_code == 200
