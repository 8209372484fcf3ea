"""PDFs for transcripts and CE certificates, through the certificates app's
WeasyPrint set-up (bundled fonts, no network fetches)."""

import io

from django.template.loader import render_to_string


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    from kaptraining.certificates.pdf import FONT_DIR, _local_only_fetcher

    html = render_to_string(
        template, {**context, "font_dir": FONT_DIR.resolve().as_uri()}
    )
    out = io.BytesIO()
    HTML(
        string=html, base_url=str(FONT_DIR), url_fetcher=_local_only_fetcher()
    ).write_pdf(out)
    return out.getvalue()
