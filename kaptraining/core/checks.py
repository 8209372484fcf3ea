"""System checks for the rules that live in core."""

from django.conf import settings
from django.core import checks
from django.http.request import validate_host

from .urls import site_host, site_url_errors


def _allowed_hosts() -> list[str]:
    # Django's own fallback: with DEBUG on and no ALLOWED_HOSTS, local names pass.
    if settings.DEBUG and not settings.ALLOWED_HOSTS:
        return [".localhost", "127.0.0.1", "[::1]"]
    return list(settings.ALLOWED_HOSTS)


@checks.register()
def site_url_served(app_configs=None, **kwargs):
    """SITE_URL must be an origin this site answers on: every absolute link,
    QR code and signed credential points there."""
    errors = site_url_errors(settings.SITE_URL)
    if errors:
        return [
            checks.Error(
                f"SITE_URL {settings.SITE_URL!r} is not usable: "
                + "; ".join(errors)
                + ".",
                hint="Set SITE_URL to the origin the site is served on, e.g. "
                "https://training.example.org or http://127.0.0.1:8000.",
                id="core.E001",
            )
        ]
    host = site_host()
    if ":" in host:  # IPv6, written in brackets in ALLOWED_HOSTS as in Host headers
        host = f"[{host}]"
    if not validate_host(host, _allowed_hosts()):
        return [
            checks.Warning(
                f"SITE_URL's host {host!r} is not in ALLOWED_HOSTS, so this site "
                "refuses requests for it: links in e-mails, PDFs and QR codes, and "
                "the URLs inside signed credentials, would point at a host that "
                "does not serve them.",
                hint="Set SITE_URL to where the site is served, or add its host "
                "to DJANGO_ALLOWED_HOSTS.",
                id="core.W001",
            )
        ]
    return []
