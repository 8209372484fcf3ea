"""What an uploaded document really is, judged by its first bytes.

A file's name says nothing about its content: "licence.pdf" may be an HTML
page or a program. Licence documents and evidence of external hours must be
PDF, PNG or JPEG, and must start the way those formats start; the name's
extension must agree with what the bytes say.
"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpg": "jpeg", "jpeg": "jpeg"}


def sniff(upload) -> str | None:
    """ "pdf", "png" or "jpeg" from the file's first bytes; None otherwise."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    for kind, starts in SIGNATURES.items():
        if head.startswith(starts):
            return kind
    return None


def validate_document(upload) -> None:
    """A PDF, PNG or JPEG by its content, and named as what it is. (Each form
    checks the size against its own limit first.)"""
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = sniff(upload)
    if kind is None or EXTENSIONS.get(ext) != kind:
        raise ValidationError(
            _(
                "Upload a PDF, PNG or JPEG file. This file's content is not one "
                "of those, or does not match its name."
            )
        )


# --- Audio, video and captions (lesson media, practice recordings) ---------
#
# Containers are recognised by their structure, not a name: MP4 and M4A are
# ISO base media files (an "ftyp" box at byte 4, whose brand tells audio-only
# M4A from video), WebM is a Matroska EBML header whose DocType is "webm", Ogg
# pages start "OggS", MP3 starts with an ID3 tag or an MPEG audio frame sync,
# and WebVTT is text starting "WEBVTT" (after an optional byte-order mark).

VIDEO_KINDS = ("mp4", "webm")
AUDIO_KINDS = ("mp3", "m4a", "ogg")
MEDIA_CONTENT_TYPES = {
    "mp4": "video/mp4",
    "webm": "video/webm",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "ogg": "audio/ogg",
    "vtt": "text/vtt",
}
_M4A_BRANDS = (b"M4A ", b"M4B ", b"M4P ", b"F4A ")


def _head(upload, size: int) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(size)
    upload.seek(position)
    return head if isinstance(head, bytes) else head.encode()


def sniff_media(upload) -> str | None:
    """ "mp4", "webm", "mp3", "m4a", "ogg" or "vtt" from the first bytes; None
    for anything else."""
    head = _head(upload, 64)
    if head[4:8] == b"ftyp":
        return "m4a" if head[8:12] in _M4A_BRANDS else "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm" if b"webm" in head[:64] else None
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"ID3") or (
        len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
    ):
        return "mp3"
    text = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if text.startswith(b"WEBVTT") and (len(text) == 6 or text[6:7] in b" \t\r\n"):
        return "vtt"
    return None


def validate_media(upload, *, kinds, max_bytes: int) -> str:
    """The upload is one of `kinds` by its content and at most `max_bytes`;
    returns the kind. The message names what is accepted."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )
    kind = sniff_media(upload)
    if kind not in kinds:
        raise ValidationError(
            _(
                "This file's content is not %(kinds)s, whatever its name says. "
                "Upload a file of one of those types."
            )
            % {"kinds": ", ".join(k.upper() for k in kinds)}
        )
    return kind
