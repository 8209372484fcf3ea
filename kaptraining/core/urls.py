"""Absolute URLs: the one rule for every link that leaves the site.

E-mails, PDFs, QR codes, Open Badges credentials, iCalendar feeds, the
directory API and embed snippets, and payment return URLs are all built from
``settings.SITE_URL`` — never from the request's Host header, which a client
chooses. ``SITE_URL`` is an origin: scheme, host and optional port, such as
``https://training.example.org`` or ``http://127.0.0.1:8101``. A trailing
slash is ignored; a path, query or fragment is a configuration error (see
``site_url_errors`` and the system checks in ``core.checks``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation


class SiteURLError(ValueError):
    """SITE_URL is not an http(s) origin."""


def site_url_errors(value: str) -> list[str]:
    """What is wrong with a SITE_URL value (empty when it is a usable origin)."""
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        return [f"it cannot be parsed ({exc})"]
    errors = []
    if parts.scheme not in ("http", "https"):
        errors.append("its scheme must be http or https")
    if not parts.hostname:
        errors.append("it names no host")
    if parts.path.strip("/"):
        errors.append("it must not contain a path (the site is served at the root)")
    if parts.query or parts.fragment:
        errors.append("it must not contain a query or fragment")
    if parts.username or parts.password:
        errors.append("it must not contain credentials")
    return errors


def site_origin() -> str:
    """``scheme://host[:port]`` from SITE_URL, without a trailing slash."""
    value = settings.SITE_URL
    errors = site_url_errors(value)
    if errors:
        raise SiteURLError(f"SITE_URL {value!r}: " + "; ".join(errors) + ".")
    parts = urlsplit(value.strip())
    return f"{parts.scheme}://{parts.netloc}"


def site_host() -> str:
    """The host name of SITE_URL (lower case, without the port)."""
    return urlsplit(site_origin()).hostname or ""


def absolute_url(path_or_view_name: str, *args, **kwargs) -> str:
    """The absolute URL of a path ("/verify/ABC/") or of a URL name with its
    arguments ("certificates:verify", number), on SITE_URL's origin.

    A value that starts with "/" is a path; anything else is reversed. A path
    keeps its query string and fragment as given.
    """
    if path_or_view_name.startswith("/"):
        if args or kwargs:
            raise TypeError("A path takes no arguments; pass a URL name instead.")
        path = path_or_view_name
    else:
        path = reverse(path_or_view_name, args=args or None, kwargs=kwargs or None)
    return site_origin() + path


def url_in_language(url: str, code: str) -> str:
    """The same site address in language `code` ("en" or "es"): /es/x/ for
    /x/ and back, whichever language the address was in (issue 21). An
    address that is not one of the site's routes is returned unchanged."""
    # English is the default and has no prefix: reverse it as the default.
    target = settings.LANGUAGE_CODE if code == "en" else code
    # Resolve the address in its own language (its prefix, or none).
    source = translation.get_language_from_path(url) or settings.LANGUAGE_CODE
    with translation.override(source):
        return translate_url(url, target)
