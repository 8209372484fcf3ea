"""PDFs for transcripts and CE certificates, through the shared WeasyPrint
set-up in kaptraining.core.pdf (bundled fonts, no network fetches)."""

from django.template.loader import render_to_string

from kaptraining.core.pdf import font_dir_uri, html_to_pdf


def render_pdf(template: str, context: dict) -> bytes:
    return html_to_pdf(
        render_to_string(template, {**context, "font_dir": font_dir_uri()})
    )
