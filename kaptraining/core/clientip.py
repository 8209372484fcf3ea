"""The client's address, read the same way by every part that limits or logs
by address: django-axes, allauth's rate limits and django-ratelimit.

Behind the TLS proxy that production assumes, REMOTE_ADDR is the proxy, so
keying on it puts every visitor in one bucket (one attacker locks everyone
out). X-Forwarded-For is trusted only as far as the proxies we run: each of
the KAP_TRUSTED_PROXY_COUNT proxies appends the address it received the
request from, so the client is the entry that many places from the right.
Anything further left was written by the client and is ignored.
"""

import ipaddress

from django.conf import settings


def trusted_proxy_count() -> int:
    """How many proxies we run in front of the application (0: none)."""
    return int(getattr(settings, "KAP_TRUSTED_PROXY_COUNT", None) or 0)


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the client that reached our outermost trusted proxy."""
    remote = _clean(request.META.get("REMOTE_ADDR", "") or "") or "0.0.0.0"  # noqa: S104
    count = trusted_proxy_count()
    if count <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in (h.strip() for h in forwarded.split(",")) if hop]
    if len(hops) < count:
        # The request skipped one of our proxies (or sent no header): every
        # entry it carries could be the client's own, so trust none.
        return remote
    return _clean(hops[-count]) or remote
