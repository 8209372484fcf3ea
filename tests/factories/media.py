"""Lesson audio and video (curriculum.LessonMedia) for tests: the demo's own
generated files, or bytes a test supplies. Saved without the admin's content
checks, as a fixture of already-accepted media."""

from pathlib import Path

from django.core.files.base import ContentFile

import kaptraining.demo
from kaptraining.curriculum.models import LessonMedia

DATA = Path(kaptraining.demo.__file__).parent / "data" / "media"


def lesson_media(
    kind: str = "video",
    *,
    title: str = "Welcome",
    data: bytes | None = None,
    name: str | None = None,
    captions: bool = True,
) -> LessonMedia:
    """A saved LessonMedia. Its duration stays unknown (0) unless set, so the
    player's report decides it, as for media the admin could not measure."""
    if data is None:
        data, name = (
            ((DATA / "consent-welcome.mp4").read_bytes(), "welcome.mp4")
            if kind == "video"
            else ((DATA / "grounding-practice.mp3").read_bytes(), "ground.mp3")
        )
    media = LessonMedia(title=title, type=kind)
    media.file.save(name or f"{kind}.bin", ContentFile(data), save=False)
    if captions:
        media.captions.save(
            "captions.vtt",
            ContentFile((DATA / "consent-welcome.en.vtt").read_bytes()),
            save=False,
        )
    media.save()
    return media
