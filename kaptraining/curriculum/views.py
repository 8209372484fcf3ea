"""Lesson audio and video, played only by people who may study the lesson.

The rule is the lesson page's own: the view asks the same `before_serve_page`
hooks that gate the page (study registers the enrolment rule there), so
enrolled trainees of the program, its trainers and staff may play a lesson's
media and nobody else, and curriculum needs to know nothing of study. Editors
(anyone who may change media in the admin) may open any item, for previews.
"""

from django.http import Http404, HttpResponseBase
from django.shortcuts import get_object_or_404
from wagtail import hooks

from kaptraining.core.private_media import private_file_response

from .models import LessonMedia, LessonPage

KINDS = ("file", "captions")


def _is_editor(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("curriculum.change_lessonmedia")
    )


def _lesson_uses(page: LessonPage, media_id: int) -> bool:
    for child in page.body:
        if child.block_type in ("video", "audio"):
            media = child.value.get("media")
            if media is not None and media.pk == media_id:
                return True
    return False


def _lesson_allows(request, page_id: int, media_id: int) -> bool:
    page = LessonPage.objects.live().filter(pk=page_id).first()
    if page is None or not _lesson_uses(page, media_id):
        return False
    for hook in hooks.get_hooks("before_serve_page"):
        if isinstance(hook(page, request, (), {}), HttpResponseBase):
            return False
    return True


def lesson_media(request, page_id: int, media_id: int, kind: str):
    """A lesson's audio, video or captions file, with range requests."""
    if kind not in KINDS:
        raise Http404
    media = get_object_or_404(LessonMedia, pk=media_id)
    if not (_is_editor(request.user) or _lesson_allows(request, page_id, media_id)):
        raise Http404
    field = media.file if kind == "file" else media.captions
    if not field:
        raise Http404
    content_type = "text/vtt" if kind == "captions" else media.content_type
    return private_file_response(request, field, content_type=content_type)
