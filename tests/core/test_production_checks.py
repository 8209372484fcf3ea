"""Production refuses unsafe defaults (issue 14, finding 2 and "What to build").

`manage.py check --deploy` runs in a subprocess with a clean environment:
only the variables README's configuration table documents.
"""

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks as django_checks

from kaptraining.core.checks import production_refuses_unsafe_defaults

ROOT = Path(__file__).resolve().parents[2]
# The fixture below swaps the database engine the check reads (the open
# connection keeps its own settings).
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


def documented_env(**overrides) -> dict:
    """A production environment made only of documented variables."""
    env = {
        "DJANGO_SETTINGS_MODULE": "kaptraining.settings.production",
        "DJANGO_SECRET_KEY": "x" * 64 + "-production-like-secret-for-the-check",
        "DJANGO_ALLOWED_HOSTS": "training.example.org",
        "SITE_URL": "https://training.example.org",
        "DATABASE_URL": "postgres://kap:kap@db.example.invalid:5432/kaptraining",
        "REDIS_URL": "redis://redis.example.invalid:6379/0",
        "CACHE_URL": "redis://redis.example.invalid:6379/1",
        "PAYMENTS_BACKEND": "stripe",
        "STRIPE_SECRET_KEY": "sk_live_example",
        "STRIPE_WEBHOOK_SECRET": "whsec_example",
        "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
        "DEFAULT_FROM_EMAIL": "training@example.org",
        "OB_SIGNING_KEY": base64.b64encode(os.urandom(32)).decode(),
        "KAP_TRUSTED_PROXY_COUNT": "1",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def run_check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**env, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_documented_env_uses_only_documented_variables():
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Configuration") :]
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    assert set(documented_env()) - documented == set()


def test_check_deploy_with_documented_variables_passes():
    result = run_check(documented_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_with_offline_payments_fails():
    result = run_check(documented_env(PAYMENTS_BACKEND="offline"))
    assert result.returncode != 0
    assert "kaptraining.E002" in result.stderr
    assert "demo checkout" in result.stderr


def test_check_deploy_with_every_default_left_refuses_each():
    """Nothing but what Django needs to import: every unsafe default is named."""
    result = run_check(
        {
            "DJANGO_SETTINGS_MODULE": "kaptraining.settings.production",
            "DJANGO_SECRET_KEY": "x" * 64 + "-production-like-secret-for-the-check",
            "DJANGO_ALLOWED_HOSTS": "training.example.org",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        }
    )
    assert result.returncode != 0
    for check_id in ("E001", "E004", "E005", "E006", "E007", "E008", "E011", "E012"):
        assert f"kaptraining.{check_id}" in result.stderr, check_id


@pytest.fixture
def production(settings):
    """Settings as production leaves them with documented variables set."""
    settings.KAP_PRODUCTION = True
    settings.PAYMENTS_BACKEND = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_live_example"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/9",
        }
    }
    settings.SITE_URL = "https://training.example.org"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.KAP_TRUSTED_PROXY_COUNT = 1
    settings.OB_SIGNING_KEY = "key"
    settings.KAP_REQUIRE_STAFF_MFA = True
    settings.DATABASES = {
        "default": {
            **settings.DATABASES["default"],
            "ENGINE": "django.db.backends.postgresql",
        }
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return settings


def _ids(errors):
    return sorted(e.id for e in errors if e.level >= django_checks.ERROR)


def test_production_defaults_set_right_raise_nothing(production):
    assert _ids(production_refuses_unsafe_defaults()) == []


@pytest.mark.parametrize(
    "name, value, check_id",
    [
        ("PAYMENTS_BACKEND", "", "kaptraining.E001"),
        ("PAYMENTS_BACKEND", "offline", "kaptraining.E002"),
        ("STRIPE_SECRET_KEY", "", "kaptraining.E003"),
        (
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend",
            "kaptraining.E004",
        ),
        (
            "EMAIL_BACKEND",
            "django.core.mail.backends.locmem.EmailBackend",
            "kaptraining.E004",
        ),
        (
            "CACHES",
            {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
            "kaptraining.E005",
        ),
        ("SITE_URL", "http://training.example.org", "kaptraining.E006"),
        ("SITE_URL", "https://localhost:8000", "kaptraining.E006"),
        ("SITE_URL", "https://127.0.0.1", "kaptraining.E006"),
        ("SITE_URL", "", "kaptraining.E006"),
        ("KAP_TRUSTED_PROXY_COUNT", None, "kaptraining.E007"),
        ("KAP_TRUSTED_PROXY_COUNT", 0, "kaptraining.E007"),
        ("OB_SIGNING_KEY", "", "kaptraining.E008"),
        ("MFA_TOTP_INSECURE_BYPASS_CODE", "000000", "kaptraining.E009"),
        ("KAP_REQUIRE_STAFF_MFA", False, "kaptraining.E010"),
        ("CELERY_TASK_ALWAYS_EAGER", True, "kaptraining.E012"),
    ],
)
def test_production_unsafe_setting_is_an_error(production, name, value, check_id):
    setattr(production, name, value)
    assert _ids(production_refuses_unsafe_defaults()) == [check_id]


def test_development_settings_are_not_judged(settings):
    settings.KAP_PRODUCTION = False
    settings.PAYMENTS_BACKEND = "offline"
    assert production_refuses_unsafe_defaults() == []


def test_production_never_falls_back_to_the_demo_checkout(settings):
    """Even started without its checks, production refuses the offline
    back end and an unset one at the moment a payment would start."""
    from django.core.exceptions import ImproperlyConfigured

    from kaptraining.payments.backends import get_backend

    settings.KAP_PRODUCTION = True
    for name in ("offline", ""):
        settings.PAYMENTS_BACKEND = name
        with pytest.raises(ImproperlyConfigured):
            get_backend()
    settings.KAP_PRODUCTION = False
    settings.PAYMENTS_BACKEND = "offline"
    assert get_backend().__class__.__name__ == "OfflineBackend"
