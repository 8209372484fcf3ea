"""Certificate PDFs: WeasyPrint with bundled fonts and no network fetches."""

import io
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"


def _local_only_fetcher():
    """A WeasyPrint fetcher that reads data: URIs and the bundled fonts only;
    any other address (http, other files) is refused, so rendering never
    touches the network."""
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(url[len("file://") :]).resolve()
                if FONT_DIR.resolve() in path.parents:
                    return super().fetch(url, headers)
            raise ValueError(f"Refusing to fetch {url!r} while rendering a certificate.")

    return LocalOnlyFetcher(allowed_protocols=["data", "file"], fail_on_errors=True)


def qr_svg_data_uri(url: str) -> str:
    qr = segno.make(url, error="m")
    return qr.svg_data_uri(scale=4, border=1, dark="#1d2b36")


def render_certificate_pdf(certificate, *, organisation_name: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "certificates/certificate_pdf.html",
        {
            "certificate": certificate,
            "organisation_name": organisation_name,
            "qr": qr_svg_data_uri(certificate.verification_url),
            "font_dir": FONT_DIR.resolve().as_uri(),
        },
    )
    out = io.BytesIO()
    HTML(string=html, base_url=str(FONT_DIR), url_fetcher=_local_only_fetcher()).write_pdf(out)
    return out.getvalue()
