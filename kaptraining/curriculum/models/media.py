"""Lesson audio and video: wagtailmedia's media item (WAGTAILMEDIA
MEDIA_MODEL), kept in private storage with its WebVTT captions.

Files are judged by their content (kaptraining.core.uploads), capped in size,
and never served from MEDIA_URL: `url` is the permission-checked view
(curriculum/views.py), which lets editors preview and trainees play them only
inside a lesson they may study."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtailmedia.models import AbstractMedia

from kaptraining.core.storage import PrivateStorage
from kaptraining.core.uploads import (
    AUDIO_KINDS,
    MEDIA_CONTENT_TYPES,
    VIDEO_KINDS,
    sniff_media,
    validate_media,
)


class LessonMedia(AbstractMedia):
    file = models.FileField(
        upload_to="av/lesson", storage=PrivateStorage(), verbose_name=_("file")
    )
    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to="av/lesson/captions",
        storage=PrivateStorage(),
        blank=True,
        help_text=_(
            "A WebVTT (.vtt) file. Required before a lesson with this video can "
            "be published."
        ),
    )
    captions_language = models.CharField(
        _("captions language"),
        max_length=12,
        default="en",
        help_text=_("A language code such as en or es."),
    )
    captions_label = models.CharField(
        _("captions label"), max_length=60, default="English"
    )

    admin_form_fields = (
        "title",
        "file",
        "captions",
        "captions_language",
        "captions_label",
        "collection",
        "duration",
        "width",
        "height",
        "thumbnail",
        "tags",
    )

    class Meta:
        verbose_name = _("audio or video")
        verbose_name_plural = _("audio and video")

    @property
    def url(self) -> str:
        return reverse("lesson_media", args=[0, self.pk, "file"])

    @property
    def content_type(self) -> str:
        kind = sniff_media(self.file) if self.file else None
        return MEDIA_CONTENT_TYPES.get(kind or "", "application/octet-stream")

    @property
    def sources(self):
        return [{"src": self.url, "type": self.content_type}]

    def clean(self, *args, **kwargs):
        super().clean(*args, **kwargs)
        errors = {}
        upload = self.file
        if upload and not getattr(upload, "_committed", True):
            audio = self.type == "audio"
            try:
                validate_media(
                    upload,
                    kinds=AUDIO_KINDS if audio else VIDEO_KINDS,
                    max_bytes=(
                        settings.KAP_MEDIA_MAX_AUDIO_BYTES
                        if audio
                        else settings.KAP_MEDIA_MAX_VIDEO_BYTES
                    ),
                )
            except ValidationError as error:
                errors["file"] = error
        if self.captions and not getattr(self.captions, "_committed", True):
            try:
                validate_media(
                    self.captions,
                    kinds=("vtt",),
                    max_bytes=settings.KAP_MEDIA_MAX_CAPTIONS_BYTES,
                )
            except ValidationError as error:
                errors["captions"] = error
        if errors:
            raise ValidationError(errors)
