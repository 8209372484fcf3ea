"""Editors' pages in English and Spanish (issue 21), applied at start-up.

Editors translate a page with wagtail-localize; its Spanish translation lives
in the Spanish tree (under the Spanish translation of the home page). Two
rules make every address answer on /es/ whatever has been translated:

- Routing: /es/<path> is looked up in the Spanish tree first (Wagtail's own
  routing); a path it does not hold is looked up in the English tree, and the
  page found there is served in its published Spanish translation when it has
  one, in English otherwise. No alias pages are made, so a lesson, a program
  or a directory page keeps one id (progress, locks and listings are keyed on
  it) in both languages.
- Links: an English page linked from a Spanish page points at its /es/
  address (the Spanish chrome around it, and its translation once published),
  as it did before Wagtail's locales were turned on.
"""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.translation import get_supported_language_variant
from wagtail.models import Page, Site

from kaptraining.core.urls import url_in_language

_original_get_url_parts = Page.get_url_parts


def _active_content_language() -> str | None:
    """The active language when it is a content language other than the
    default (the only case these rules change anything)."""
    try:
        code = get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return None
    code = code.split("-")[0]
    default = settings.LANGUAGE_CODE.split("-")[0]
    content = dict(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", ()))
    return code if code != default and code in content else None


def _live_translation(page: Page, language: str) -> Page | None:
    return (
        page.get_translations()
        .filter(locale__language_code=language)
        .live()
        .specific()
        .first()
    )


def route_for_request(request, path):
    """Wagtail's routing (cached on the request as Wagtail does), with the
    English tree behind the Spanish one."""
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = _route(request, path)
    return request._wagtail_route_for_request


def _route(request, path):
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [c for c in path.split("/") if c]
    root = site.root_page
    language = _active_content_language()
    if language is None:
        # The default language: the site's own tree, with no locale lookup
        # (Wagtail's `.localized` would cost every page a query).
        try:
            return root.specific.route(request, components)
        except Http404:
            return None
    result = None
    spanish_root = root.localized
    if spanish_root.pk != root.pk:
        try:
            result = spanish_root.specific.route(request, components)
        except Http404:
            result = None
    if result is None:
        try:
            result = root.specific.route(request, components)
        except Http404:
            return None
    page, args, kwargs = result
    translated = _live_translation(page, language)
    if translated is not None:
        result = type(result)(translated, args, kwargs)
    return result


def get_url_parts(self, request=None):
    """A default-language page's address in the active language."""
    parts = _original_get_url_parts(self, request)
    language = _active_content_language()
    if language is None or parts is None or parts[2] is None:
        return parts
    # The page's tree says its language (the root paths are cached by Wagtail).
    roots = self._get_relevant_site_root_paths(request)
    if not roots or roots[0].language_code == language:
        return parts
    site_id, root_url, page_path = parts
    return site_id, root_url, url_in_language(page_path, language)


def apply() -> None:
    if Page.route_for_request is not route_for_request:
        Page.route_for_request = staticmethod(route_for_request)
        Page.get_url_parts = get_url_parts
