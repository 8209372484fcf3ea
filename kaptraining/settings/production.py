"""Production: no secret has a default; everything tightens."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")  # required: no default here
OB_SIGNING_KEY = env("OB_SIGNING_KEY")  # required: signs Open Badges credentials
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
KAP_REQUIRE_STAFF_MFA = True
# Never read from the environment: demo data cannot be loaded in production.
KAP_DEMO_ALLOWED = False
EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
# Wagtail's live preview shows same-origin pages in a frame, so framing stays
# SAMEORIGIN (set in base) rather than DENY; CSP frame-ancestors 'self' agrees.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W019"]
