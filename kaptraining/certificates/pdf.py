"""Certificate PDFs: WeasyPrint with bundled fonts and no network fetches.

Images (logo, signatures, QR code) are embedded as data: URIs read from local
storage, so the only files WeasyPrint opens are the bundled fonts."""

import base64
import logging
from dataclasses import dataclass

import segno
from django.template.loader import render_to_string

from kaptraining.core.hours import format_hours
from kaptraining.core.pdf import font_dir_uri, html_to_pdf

logger = logging.getLogger(__name__)


DEFAULT_HEADING = "Certificate of Completion"
DEFAULT_PREAMBLE = "This certifies that"
DEFAULT_WORDING = (
    "has completed the requirements of {program}, {hours} hours of training, "
    "and is recognised as"
)
DEFAULT_CE_WORDING = "has completed the continuing education activity and is awarded"


def qr_svg_data_uri(url: str) -> str:
    qr = segno.make(url, error="m")
    return qr.svg_data_uri(scale=4, border=1, dark="#1d2b36")


def image_data_uri(image, *, spec: str = "max-800x300") -> str | None:
    """A Wagtail image as a PNG data: URI, read from storage; None if unreadable
    (a missing logo must not stop a certificate from being issued)."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(f"{spec}|format-png")
        with rendition.file.open("rb") as fh:
            data = fh.read()
    except (OSError, ValueError) as exc:
        logger.warning("Certificate image %s could not be read: %s", image.pk, exc)
        return None
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


@dataclass
class Layout:
    organisation_name: str
    heading: str
    preamble: str
    wording: str
    accreditation_statement: str
    footer: str
    logo: str | None
    signatories: list[dict]


def layout_for(
    certificate, *, organisation_name: str, ce_statement: str = ""
) -> Layout:
    template = certificate.template
    is_ce = certificate.kind == "ce"
    wording = (template.wording if template else "") or (
        DEFAULT_CE_WORDING if is_ce else DEFAULT_WORDING
    )
    hours = format_hours(certificate.hours_minutes)
    program_title = (
        certificate.program.title if certificate.program_id else certificate.award_title
    )
    try:
        wording = wording.format(
            program=program_title, hours=hours, award=certificate.award_title
        )
    except (KeyError, IndexError, ValueError):
        logger.warning(
            "Certificate template %s has invalid placeholders.",
            template and template.pk,
        )
    signatories = []
    if template is not None:
        for s in template.signatories.all().select_related("signature"):
            signatories.append(
                {
                    "name": s.name,
                    "title": s.title,
                    "signature": image_data_uri(s.signature),
                }
            )
    return Layout(
        organisation_name=(template.organisation_name if template else "")
        or organisation_name,
        heading=(template.heading if template else "") or DEFAULT_HEADING,
        preamble=(template.preamble if template else "") or DEFAULT_PREAMBLE,
        wording=wording,
        accreditation_statement=(template.accreditation_statement if template else "")
        or (ce_statement if is_ce else ""),
        footer=template.footer if template else "",
        logo=image_data_uri(template.logo) if template else None,
        signatories=signatories,
    )


def render_certificate_pdf(
    certificate, *, organisation_name: str, ce_statement: str = ""
) -> bytes:
    html = render_to_string(
        "certificates/certificate_pdf.html",
        {
            "certificate": certificate,
            "layout": layout_for(
                certificate,
                organisation_name=organisation_name,
                ce_statement=ce_statement,
            ),
            "details": certificate.details or {},
            "hours": format_hours(certificate.hours_minutes),
            "qr": qr_svg_data_uri(certificate.verification_url),
            "font_dir": font_dir_uri(),
        },
    )
    return html_to_pdf(html)
