"""Lesson audio and video: a captioned video on consent and a captioned audio
grounding practice, added by staff to two lessons when the program was
published.

The files in data/media were made offline: a still image (ffmpeg drawtext)
and speech synthesised with espeak-ng, encoded small (H.264/AAC at 1 frame a
second; MP3 at 32 kbit/s), and WebVTT captions timed from each sentence's
length. They are loaded through the media model, so they are judged by their
content and kept in private storage like any editor's upload."""

from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.images.models import Image
from wagtail.models import Collection

from kaptraining.curriculum.models import LessonMedia, LessonPage

from .base import Demo, at, local
from .curriculum import program_page

DATA = Path(__file__).resolve().parent / "data" / "media"

VIDEO_LESSON = "Elements of consent in a non-ordinary state"
AUDIO_LESSON = "Intentions, education and grounding"

VIDEO_TRANSCRIPT = (
    "Welcome to the consent module. Before a first ketamine session, the client "
    "hears what the medicine is, how it is given, and what it may feel like.\n"
    "The client learns that ketamine is used off label for this purpose, about "
    "common side effects such as nausea and raised blood pressure, and that they "
    "may stop at any time.\n"
    "We check understanding by asking the client to explain the plan back in "
    "their own words."
)
AUDIO_TRANSCRIPT = (
    "Settle into your seat and notice your feet on the floor. Breathe in slowly "
    "for a count of four, and out for a count of six.\n"
    "Notice three things you can hear, and one thing you can feel. When you are "
    "ready, return to the room."
)


def _media(*, title, kind, file, captions, duration, width=None, height=None):
    media = LessonMedia(
        title=title, type=kind, duration=duration, width=width, height=height
    )
    media.file.save(file, ContentFile((DATA / file).read_bytes()), save=False)
    media.captions.save(
        captions, ContentFile((DATA / captions).read_bytes()), save=False
    )
    media.full_clean()
    media.save()
    return media


def _append(lesson: LessonPage, block) -> None:
    lesson.body.append(block)
    lesson.save_revision().publish()


def load_media(demo: Demo) -> None:
    """Upload the two recordings and put them in their lessons."""
    program = program_page()
    if not Collection.objects.exists():  # a flushed database has no root
        Collection.add_root(name="Root")
    with at(local(demo.calendar.program_created, 14, tz="America/Los_Angeles")):
        poster = Image(
            title="Informed consent in KAP (video still)",
            file=ImageFile(
                BytesIO((DATA / "consent-welcome-poster.jpg").read_bytes()),
                name="consent-welcome-poster.jpg",
            ),
        )
        poster.save()
        video = _media(
            title="Consent: a short introduction",
            kind="video",
            file="consent-welcome.mp4",
            captions="consent-welcome.en.vtt",
            duration=26,
            width=480,
            height=270,
        )
        audio = _media(
            title="A grounding practice",
            kind="audio",
            file="grounding-practice.mp3",
            captions="grounding-practice.en.vtt",
            duration=16,
        )
        lessons = LessonPage.objects.descendant_of(program)
        _append(
            lessons.get(title=VIDEO_LESSON),
            (
                "video",
                {
                    "media": video,
                    "poster": poster,
                    "title": "Consent: a short introduction",
                    "transcript": VIDEO_TRANSCRIPT,
                },
            ),
        )
        _append(
            lessons.get(title=AUDIO_LESSON),
            (
                "audio",
                {
                    "media": audio,
                    "title": "A grounding practice to share with clients",
                    "transcript": AUDIO_TRANSCRIPT,
                },
            ),
        )
