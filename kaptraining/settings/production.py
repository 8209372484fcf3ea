"""Production: no secret has a default; everything tightens.

Only what Django needs to import the settings is required here
(DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS), so that building the image
(collectstatic) needs no production secret. Everything else a running site
needs is refused by system checks (kaptraining.core.checks), which `migrate`,
`check --deploy` and the container's entrypoint run before serving.
"""

from .base import *  # noqa: F403
from .base import env

KAP_PRODUCTION = True
DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")  # required: no default here
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
SITE_URL = env("SITE_URL", default="")  # required (https): a check refuses it empty
WAGTAILADMIN_BASE_URL = SITE_URL
# Signs Open Badges credentials; a check refuses a site without it.
OB_SIGNING_KEY = env("OB_SIGNING_KEY", default="")
OB_SIGNING_KEY_AUTOGENERATE = False
# No default: "stripe" for real tuition. "offline" (the free demo checkout)
# is refused by a check.
PAYMENTS_BACKEND = env("PAYMENTS_BACKEND", default="")
# TLS ends at a proxy in front of us: trust its X-Forwarded-Proto, and say how
# many proxies append to X-Forwarded-For (a check refuses it unset).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
KAP_TRUSTED_PROXY_COUNT = env.int("KAP_TRUSTED_PROXY_COUNT", default=None)
ALLAUTH_TRUSTED_PROXY_COUNT = KAP_TRUSTED_PROXY_COUNT or 0
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]  # the container's own health check
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
KAP_REQUIRE_STAFF_MFA = True
# Never read from the environment: demo data cannot be loaded in production.
KAP_DEMO_ALLOWED = False
# SMTP by default (EMAIL_URL, e.g. smtp+tls://user:pass@smtp.example.org:587);
# console, file and in-memory back ends are refused by a check.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
if env("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL", backend=EMAIL_BACKEND))
# Rate limits, lockouts and TOTP replay protection share this cache across
# workers: CACHE_URL must be Redis (a check refuses local memory).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Wagtail's live preview shows same-origin pages in a frame, so framing stays
# SAMEORIGIN (set in base) rather than DENY; CSP frame-ancestors 'self' agrees.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W019"]  # noqa: F405
