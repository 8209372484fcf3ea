"""What a newsletter looks like: the context of emails/newsletter_broadcast*,
shared by the preview, the test send and every delivery."""

import re
from html import unescape
from typing import Any

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from kaptraining.core.models import OrganisationSettings


def organisation() -> OrganisationSettings:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return OrganisationSettings(name="kaptraining")
    return OrganisationSettings.for_site(site)


def html_to_text(html: str) -> str:
    """The plain-text part of a newsletter: paragraphs and list items kept
    apart, links written out after their text."""
    html = re.sub(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', r"\2 (\1)", html)
    html = re.sub(r"<li[^>]*>", "- ", html)
    html = re.sub(r"</(p|h[1-6]|li|ul|ol)>|<br ?/?>|<hr ?/?>", "\n", html)
    text = unescape(strip_tags(html))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def broadcast_context(
    broadcast,
    *,
    name: str,
    unsubscribe_url: str,
    body_html: str | None = None,
    org: OrganisationSettings | None = None,
) -> dict[str, Any]:
    """Everything the newsletter templates need for one reader; pass
    `body_html` and `org` when sending many so they are built once."""
    org = org or organisation()
    html = body_html if body_html is not None else expand_db_html(broadcast.body)
    return {
        "broadcast": broadcast,
        "subject": broadcast.subject,
        "body_html": mark_safe(html),  # noqa: S308 (staff rich text, expanded by Wagtail)
        "body_text": html_to_text(html),
        "name": name,
        "unsubscribe_url": unsubscribe_url,
        "organisation_name": org.name,
        "organisation_address": org.address,
        "topic_label": broadcast.get_topic_display(),
    }
