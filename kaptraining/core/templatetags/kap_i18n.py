"""The page in the site's other languages: the language switcher and the
hreflang alternates in templates/base.html read the same list."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from kaptraining.core.urls import absolute_url

register = template.Library()

# What each language is called in itself, so a reader finds their own.
NATIVE_NAMES = {"en": "English", "es": "Español"}


def _url_code(code: str) -> str:
    # English is reversed as the default (no /en/ prefix exists).
    return settings.LANGUAGE_CODE if code == "en" else code


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[dict]:
    """[{code, name, url, absolute, current}] for each language of the site:
    the same page at its address in that language (the home page where the
    page has no match, e.g. an error page)."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = translation.get_language() or settings.LANGUAGE_CODE
    rows = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, _url_code(code))
        if url == path and code != current.split("-")[0]:
            # No translation of this address (not a site route): the home page.
            with translation.override(_url_code(code)):
                url = translate_url("/", _url_code(code))
        rows.append(
            {
                "code": code,
                "name": NATIVE_NAMES.get(code, code),
                "url": url,
                "absolute": absolute_url(url),
                "current": current.split("-")[0] == code,
            }
        )
    return rows
