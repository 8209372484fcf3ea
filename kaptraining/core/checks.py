"""Production refuses unsafe defaults at start-up.

Each setting below has a default that makes `make demo` work with nothing set
up (the free demo checkout, e-mail printed to the console, a per-process
cache, http://127.0.0.1). Under settings.production (KAP_PRODUCTION) every one
of them is an error, so `migrate`, `check --deploy` and the container's
entrypoint stop before a site goes live with them.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.http.request import validate_host

from .urls import site_host, site_url_errors

UNSAFE_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend": "prints e-mail to the console",
    "django.core.mail.backends.locmem.EmailBackend": "keeps e-mail in memory",
    "django.core.mail.backends.filebased.EmailBackend": "writes e-mail to files",
    "django.core.mail.backends.dummy.EmailBackend": "throws e-mail away",
}
# Rate limits, lockouts and TOTP replay protection count in the cache: it must
# be one store shared by every worker, with atomic increments.
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "is local to one process",
    "django.core.cache.backends.dummy.DummyCache": "stores nothing",
    "django.core.cache.backends.filebased.FileBasedCache": "has no atomic increment",
    "django.core.cache.backends.db.DatabaseCache": "has no atomic increment",
}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}  # noqa: S104


def _error(msg: str, hint: str, n: int) -> checks.Error:
    return checks.Error(msg, hint=hint, id=f"kaptraining.E{n:03d}")


@checks.register(checks.Tags.security)
def production_refuses_unsafe_defaults(app_configs=None, **kwargs):
    if not getattr(settings, "KAP_PRODUCTION", False):
        return []
    return [
        *_payments(),
        *_email(),
        *_cache(),
        *_site_url(),
        *_proxies(),
        *_secrets_and_services(),
    ]


def _payments():
    backend = settings.PAYMENTS_BACKEND
    if not backend:
        return [
            _error(
                "PAYMENTS_BACKEND is not set.",
                "Set PAYMENTS_BACKEND=stripe with STRIPE_SECRET_KEY and "
                "STRIPE_WEBHOOK_SECRET. Production has no default.",
                1,
            )
        ]
    if backend == "offline":
        return [
            _error(
                "PAYMENTS_BACKEND is 'offline': the free demo checkout would "
                "activate enrolments without payment.",
                "Set PAYMENTS_BACKEND=stripe.",
                2,
            )
        ]
    if backend == "stripe" and not (
        settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET
    ):
        return [
            _error(
                "PAYMENTS_BACKEND is 'stripe' but STRIPE_SECRET_KEY or "
                "STRIPE_WEBHOOK_SECRET is missing.",
                "Set both from the Stripe dashboard.",
                3,
            )
        ]
    return []


def _email():
    reason = UNSAFE_EMAIL_BACKENDS.get(settings.EMAIL_BACKEND)
    if reason is None:
        return []
    return [
        _error(
            f"EMAIL_BACKEND {settings.EMAIL_BACKEND} {reason}: nobody would "
            "receive verification, password reset or enrolment e-mail.",
            "Use SMTP: EMAIL_URL=smtp+tls://user:password@host:587.",
            4,
        )
    ]


def _cache():
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    reason = UNSHARED_CACHES.get(backend)
    if reason is None:
        return []
    return [
        _error(
            f"The default cache ({backend}) {reason}: rate limits and sign-in "
            "lockouts would not hold across workers.",
            "Set CACHE_URL to Redis, e.g. redis://redis:6379/1.",
            5,
        )
    ]


def _site_url():
    url = settings.SITE_URL
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host not in LOCAL_HOSTS and "." in host:
        return []
    return [
        _error(
            f"SITE_URL {url!r} is not a public https address: links in e-mail, "
            "QR codes and signed credentials would point nowhere or over http.",
            "Set SITE_URL to the site's public address, e.g. "
            "https://training.example.org.",
            6,
        )
    ]


def _proxies():
    if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return []
    count = getattr(settings, "KAP_TRUSTED_PROXY_COUNT", None)
    if count is not None and count >= 1:
        return []
    return [
        _error(
            "SECURE_PROXY_SSL_HEADER is set (TLS ends at a proxy) but "
            "KAP_TRUSTED_PROXY_COUNT is not: every visitor would share the "
            "proxy's address, so one attacker could lock everyone out.",
            "Set KAP_TRUSTED_PROXY_COUNT to the number of proxies that append "
            "to X-Forwarded-For in front of the application (1 or more).",
            7,
        )
    ]


def _secrets_and_services():
    errors = []
    if not settings.OB_SIGNING_KEY:
        errors.append(
            _error(
                "OB_SIGNING_KEY is not set: certificates cannot be signed.",
                'Generate one: python -c "import base64,os;'
                'print(base64.b64encode(os.urandom(32)).decode())"',
                8,
            )
        )
    if getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None):
        errors.append(
            _error(
                "MFA_TOTP_INSECURE_BYPASS_CODE is set: anyone could pass MFA.",
                "Remove it; it exists for local testing only.",
                9,
            )
        )
    if not settings.KAP_REQUIRE_STAFF_MFA:
        errors.append(
            _error(
                "KAP_REQUIRE_STAFF_MFA is off.",
                "Staff and trainers must sign in with TOTP in production.",
                10,
            )
        )
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        errors.append(
            _error(
                "The database is not PostgreSQL: the triggers that keep hours, "
                "attendance, payments and certificates append-only exist only "
                "there.",
                "Set DATABASE_URL=postgres://user:password@host:5432/name.",
                11,
            )
        )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        errors.append(
            _error(
                "No Celery broker: tasks (certificates, PDFs, e-mail, "
                "instalments) would run inside web requests without retries.",
                "Set REDIS_URL (or CELERY_BROKER_URL) and run a worker and beat.",
                12,
            )
        )
    return errors


# --- SITE_URL is where the site is served (every environment) ---------------


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
