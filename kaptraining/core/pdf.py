"""PDF rendering with WeasyPrint that never touches the network: only data:
URIs and the bundled fonts may be fetched. Shared by certificates, CE
certificates, transcripts and receipts."""

import io
from pathlib import Path

from django.conf import settings

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"


def local_only_fetcher():
    """A WeasyPrint fetcher that refuses every address except data: URIs and
    files inside the bundled font directory."""
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(url[len("file://") :]).resolve()
                if FONT_DIR.resolve() in path.parents:
                    return super().fetch(url, headers)
            raise ValueError(f"Refusing to fetch {url!r} while rendering a PDF.")

    return LocalOnlyFetcher(allowed_protocols=["data", "file"], fail_on_errors=True)


def html_to_pdf(html: str) -> bytes:
    """Render an HTML string (fonts referenced from FONT_DIR) to PDF bytes."""
    from weasyprint import HTML

    out = io.BytesIO()
    HTML(
        string=html, base_url=str(FONT_DIR), url_fetcher=local_only_fetcher()
    ).write_pdf(out)
    return out.getvalue()


def font_dir_uri() -> str:
    return FONT_DIR.resolve().as_uri()
