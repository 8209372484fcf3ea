"""What an uploaded document really is, judged by its first bytes.

A file's name says nothing about its content: "licence.pdf" may be an HTML
page or a program. Licence documents and evidence of external hours must be
PDF, PNG or JPEG, and must start the way those formats start; the name's
extension must agree with what the bytes say.
"""

from django.core.exceptions import ValidationError
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
