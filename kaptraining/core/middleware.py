"""Request guards every route shares.

RequestGuardMiddleware answers odd input before any view, the session or the
database sees it (400 with a message): a NUL byte anywhere (PostgreSQL refuses
them, so a lookup would crash), digits other than 0-9 in the path, and a query
or form value that is a number written with other digits ("²", "٣٤"). Bodies
larger than the route accepts get 413, judged from Content-Length before the
body is read. (Code that parses numbers still uses core.parsing.)

PrivateCacheMiddleware marks every page shown to a signed-in person
`Cache-Control: private, no-store`, unless the view chose its own caching
(public documents such as the Open Badges issuer profile).
"""

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .access import access_for_match

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _foreign_digits() -> str:
    return _(
        "Numbers must be written with the digits 0 to 9. Check the address or "
        "the form and try again."
    )


def _nul_in_address() -> str:
    return _(
        "Null characters are not allowed: the address contains one (NUL, %00). "
        "Check the link and try again."
    )


def has_nul(value) -> bool:
    return "\x00" in value if isinstance(value, str) else b"\x00" in value


def has_foreign_digits(value: str) -> bool:
    """Digits other than ASCII 0-9 ("²", "٣", "５"): str.isdigit() accepts
    them, int() and the database do not (or read them differently)."""
    return any(ch.isdigit() and not ch.isascii() for ch in value)


def looks_like_foreign_number(value: str) -> bool:
    """A value that is a number written with other digits ("²", "٣٤", "-５"):
    code that checks isdigit() before int(), and libraries that look up ids
    (Wagtail's choosers), would crash on it. Text that merely contains such a
    digit ("m²") is left alone."""
    text = value.strip().lstrip("+-")
    return (
        bool(text)
        and all(ch.isdigit() or ch in ".," for ch in text)
        and has_foreign_digits(text)
    )


def body_rules_for(path_info: str) -> tuple[int, bool]:
    """(the largest body the route at path_info accepts, whether its form
    fields are read here). Views exempt from CSRF (signed webhooks) read their
    raw body themselves, so it is left unread for them, as Django's CSRF
    middleware leaves it."""
    try:
        # Before LocaleMiddleware: resolve /es/... in the language it names.
        with translation.override(
            translation.get_language_from_path(path_info) or settings.LANGUAGE_CODE
        ):
            match = resolve(path_info)
    except Resolver404:
        return settings.KAP_MAX_REQUEST_BYTES, True
    access = access_for_match(match)
    limit = settings.KAP_MAX_REQUEST_BYTES
    if access is not None and access.max_body is not None:
        limit = access.max_body
    return limit, not getattr(match.func, "csrf_exempt", False)


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self._url_problem(request)
        if problem:
            return refuse(request, 400, problem)
        status, problem = self._body_problem(request)
        if problem:
            return refuse(request, status, problem)
        return self.get_response(request)

    def _url_problem(self, request) -> str:
        if has_nul(request.path_info) or has_nul(request.META.get("QUERY_STRING", "")):
            return _nul_in_address()
        if any(
            has_nul(key) or any(has_nul(v) for v in values)
            for key, values in request.GET.lists()
        ):
            return _nul_in_address()
        if has_foreign_digits(request.path_info) or any(
            looks_like_foreign_number(v)
            for _k, values in request.GET.lists()
            for v in values
        ):
            return _foreign_digits()
        for key, value in request.META.items():
            if key.startswith("HTTP_") and isinstance(value, str) and has_nul(value):
                return _("Your browser sent a header we cannot accept (NUL).")
        if any(has_nul(k) or has_nul(v) for k, v in request.COOKIES.items()):
            return _(
                "Your browser sent a cookie we cannot accept. Clear this site's "
                "cookies and try again."
            )
        return ""

    def _body_problem(self, request) -> tuple[int, str]:
        raw_length = request.META.get("CONTENT_LENGTH") or "0"
        if not (raw_length.isascii() and raw_length.isdigit()):
            return 400, _("The request's Content-Length is not a number.")
        length = int(raw_length)
        if length == 0:
            return 0, ""
        limit, read_form = body_rules_for(request.path_info)
        if length > limit:
            return 413, _(
                "The upload is too large: this page accepts at most %(mb)s MB. "
                "Choose a smaller file and try again."
            ) % {"mb": _megabytes(limit)}
        if not read_form or request.content_type not in FORM_TYPES:
            return 0, ""
        try:
            fields = list(request.POST.lists())
            files = list(request.FILES.lists())
        except RequestDataTooBig:
            return 413, _("The form is too large to accept.")
        except (TooManyFieldsSent, TooManyFilesSent):
            return 400, _("The form has too many fields to accept.")
        except (MultiPartParserError, SuspiciousOperation, UnicodeDecodeError):
            return 400, _("The form could not be read. Please try again.")
        for key, values in fields:
            if has_nul(key) or any(has_nul(v) for v in values):
                return 400, _(
                    "Null characters are not allowed: a field contains one (NUL). "
                    "Remove it and try again."
                )
            if any(looks_like_foreign_number(v) for v in values):
                return 400, _foreign_digits()
        for key, uploads in files:
            if has_nul(key) or any(has_nul(u.name or "") for u in uploads):
                return 400, _("A file name contains a character we cannot accept.")
        return 0, ""


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"


def refuse(request, status: int, message: str):
    """The refusal as a page, or as JSON ({"errors": {"__all__": [...]}}, the
    shape the JSON APIs use) for addresses under an /api/ path."""
    if "/api/" in request.path_info:
        response = JsonResponse({"errors": {"__all__": [message]}}, status=status)
    else:
        response = render(
            request,
            "bad_request.html",
            {"message": message, "status": status},
            status=status,
        )
    patch_cache_control(response, no_store=True)
    return response


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
