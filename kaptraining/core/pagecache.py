"""The anonymous page cache: public pages served from the cache to visitors
who are not signed in, dropped the moment the content they show changes.

What may be cached is declared next to each route's access, in the route
table (settings.KAP_ROUTES): `ANONYMOUS_CACHE` names the routes,
`ANONYMOUS_CACHE_SOURCES` the models (app labels or "app.Model") whose
changes empty it. Nothing else is ever stored.

- Only GET/HEAD requests from visitors with no session and no pending
  messages are looked up; only 200 answers to such requests are stored, and
  never one that sets a cookie, used the CSRF token (a form), touched the
  session, or says private/no-store. A signed-in person's page is never
  stored, and never served to anyone.
- The key is the host, the path, the query string normalised (parameters
  sorted, values trimmed, empty ones dropped), and the language the request
  was answered in (LocaleMiddleware's choice from the URL prefix, the language
  cookie or Accept-Language), under a generation number.
- `invalidate()` moves the generation on: every stored page is dropped at
  once, across processes when the cache is shared (Redis in production).
  core/receivers.py calls it when any declared source model is saved or
  deleted, a Wagtail page is published, unpublished or moved, immediately and
  again after the transaction commits (so a page rendered from the old data
  between the two cannot survive).
- Stored pages also expire: KAP_ANON_CACHE_SECONDS, and the shorter
  KAP_ANON_CACHE_QUERY_SECONDS for URLs with a query string (searches), so a
  change no signal announces (time passing, a bulk update) shows soon.
"""

import re
import uuid
from functools import cache
from importlib import import_module
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "kap:anon:generation"
_SAFE_METHODS = ("GET", "HEAD")
# Query parameters that never change what a page shows.
_IGNORED_PARAMETERS = frozenset(
    {"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "fbclid"}
)


@cache
def _declarations() -> tuple[frozenset[str], frozenset[str]]:
    routes = import_module(settings.KAP_ROUTES)
    return (
        frozenset(getattr(routes, "ANONYMOUS_CACHE", ())),
        frozenset(getattr(routes, "ANONYMOUS_CACHE_SOURCES", ())),
    )


def cached_routes() -> frozenset[str]:
    return _declarations()[0]


def is_source(model) -> bool:
    """Whether a change to rows of `model` may change a cached page."""
    meta = model._meta
    sources = _declarations()[1]
    return meta.app_label in sources or meta.label in sources


def enabled() -> bool:
    return getattr(settings, "KAP_ANON_CACHE", True)


def _cache():
    return caches[getattr(settings, "KAP_ANON_CACHE_ALIAS", "default")]


def invalidate() -> None:
    """Drop every stored anonymous page (moves the generation on)."""
    store = _cache()
    try:
        store.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted: any new value will do
        store.set(GENERATION_KEY, 1, timeout=None)


def _generation(store) -> int:
    return store.get(GENERATION_KEY) or 0


def normalised_query(query_string: str) -> str:
    pairs = sorted(
        (name.strip(), value.strip())
        for name, value in parse_qsl(query_string, keep_blank_values=True)
        if value.strip() and name.strip() not in _IGNORED_PARAMETERS
    )
    return urlencode(pairs)


def _key(request, generation: int) -> str:
    language = getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE
    query = normalised_query(request.META.get("QUERY_STRING", ""))
    return (
        f"kap:anon:{generation}:{language}:{request.get_host()}{request.path}?{query}"
    )


def _anonymous_request(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method in _SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


def _storable(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in cached_routes():
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    if (
        request.method != "GET"
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or request.META.get("CSRF_COOKIE_USED")
    ):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    vary = response.get("Vary", "").lower()
    return "cookie" not in vary and "authorization" not in vary


def cached_with_content(name: str, compute):
    """`compute()` kept in the cache until the public content changes (the
    same generation as the stored pages: any change to a declared source,
    e.g. a program's certificate settings), for a value that is the same for
    everyone (None included)."""
    store = _cache()
    key = f"kap:content:{_generation(store)}:{name}"
    stored = store.get(key)
    if stored is None:
        stored = (compute(),)
        store.set(key, stored, timeout=settings.KAP_ANON_CACHE_SECONDS)
    return stored[0]


_HOST = re.compile(r"^[a-z0-9.\-]{1,253}$")


SITE_TOKEN_KEY = "kap:site:token"  # noqa: S105 - a cache key


def sites_changed() -> None:
    """Drop the cached Sites (core/receivers.py: a site saved or deleted, a
    page published, unpublished or moved). A new random token, so an evicted
    token never brings an old Site back."""
    _cache().set(SITE_TOKEN_KEY, uuid.uuid4().hex[:16], timeout=None)


def _site_token(store) -> str:
    token = store.get(SITE_TOKEN_KEY)
    if token is None:
        store.add(SITE_TOKEN_KEY, uuid.uuid4().hex[:16], timeout=None)
        token = store.get(SITE_TOKEN_KEY)
    return token


def _site_key(request) -> str | None:
    from django.http.request import split_domain_port

    hostname = split_domain_port(request._get_raw_host())[0].lower()
    if not _HOST.match(hostname):
        return None  # an odd Host header: let Wagtail look it up as usual
    return f"kap:site:{_site_token(_cache())}:{hostname}:{request.get_port()}"


def _site_from_cache(request) -> str | None:
    """Wagtail looks up the request's Site with a query on every request
    (Site.find_for_request keeps it on the request only). Hand it the Site
    kept in the cache (until a site or a page changes), as find_for_request
    would; returns the key to store it under when the cache had none."""
    key = _site_key(request)
    if key is None:
        return None
    site = _cache().get(key)
    if site is None:
        return key
    request._wagtail_site = site
    return None


def _site_to_cache(request, key: str | None) -> None:
    """Keep the Site Wagtail looked up for this request, if it did."""
    site = getattr(request, "_wagtail_site", None)
    if key is not None and site is not None:
        _cache().set(key, site, timeout=settings.KAP_ANON_CACHE_SECONDS)


class AnonymousPageCacheMiddleware:
    """Serve and store declared public pages for visitors not signed in.

    Sits after LocaleMiddleware (the language is part of the key) and before
    everything a cached page does not need (CSRF, authentication, the view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site_key = _site_from_cache(request)
        try:
            return self._respond(request)
        finally:
            _site_to_cache(request, site_key)

    def _respond(self, request):
        if not enabled() or not _anonymous_request(request):
            return self.get_response(request)
        store = _cache()
        generation = _generation(store)
        key = _key(request, generation)
        stored = store.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, status=200)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            timeout = (
                settings.KAP_ANON_CACHE_QUERY_SECONDS
                if request.META.get("QUERY_STRING")
                else settings.KAP_ANON_CACHE_SECONDS
            )
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("set-cookie", "x-page-cache")
            ]
            store.set(key, (response.content, headers), timeout=timeout)
            response["X-Page-Cache"] = "miss"
        return response
