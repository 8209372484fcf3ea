"""The test suite: PostgreSQL/Redis when their URLs are set, else embedded."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, env

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# locmem; the mail worker test points its worker at an SMTP server on loopback
# (a name of its own, so that an EMAIL_BACKEND in .env never reaches tests).
EMAIL_BACKEND = env(
    "TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media")))
PRIVATE_ROOT = Path(env("PRIVATE_ROOT", default=str(BASE_DIR / "var" / "test-private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process unless a test starts a real worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
OB_SIGNING_KEY_AUTOGENERATE = True
# Worker tests: unacknowledged tasks are redelivered after
# CELERY_VISIBILITY_TIMEOUT seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
KAP_REQUIRE_STAFF_MFA = True
KAP_DEMO_ALLOWED = True
PAYMENTS_BACKEND = env("PAYMENTS_BACKEND", default="offline")
STRIPE_WEBHOOK_SECRET = "whsec_test_secret"  # noqa: S105
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- Database connections (issue 19) ---------------------------------------
# Tests keep Django's connection per request, unpooled: pytest-django creates
# and drops test databases by name (a pool would hold connections to them),
# live-server and Celery worker tests share the database across threads and
# processes, and each test's transaction must end with its connection.
# tests/perf/test_settings_connections.py checks the pool that base gives
# every other environment.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["OPTIONS"].pop("pool", None)  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
    DATABASES["default"].pop("CONN_HEALTH_CHECKS", None)  # noqa: F405
# The anonymous page cache is off for the suite (a test that changes rows
# without a signal, or travels in time, would read its own stale page); the
# tests in tests/perf/ turn it on and check what it stores and drops.
KAP_ANON_CACHE = env.bool("KAP_ANON_CACHE", default=False)
