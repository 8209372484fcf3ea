"""Demo-only code refuses to run in production, and demo accounts with the
published password are refused in a production database (issue 14)."""

import base64
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from kaptraining.accounts.models import User
from kaptraining.demo.checks import demo_accounts_refused
from kaptraining.demo.constants import DEMO_PASSWORD
from kaptraining.demo.models import DemoUnit

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "kaptraining.settings.production",
        "DJANGO_SECRET_KEY": "x" * 64 + "-production-like-secret-for-the-check",
        "DJANGO_ALLOWED_HOSTS": "training.example.org",
        "OB_SIGNING_KEY": base64.b64encode(os.urandom(32)).decode(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "PATH": "/usr/bin:/bin",
        **extra,
    }


def test_load_demo_refuses_production_settings_even_when_asked_to_allow(tmp_path):
    """Under production settings the command stops before touching the
    database, and KAP_DEMO_ALLOWED from the environment cannot turn it on."""
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=ROOT,
        env=production_env(tmp_path, KAP_DEMO_ALLOWED="1"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "load_demo refuses to run" in result.stderr
    assert "production" in result.stderr
    assert "Demo data ready" not in result.stdout
    # Nothing was written: the database file was never even created.
    assert not (tmp_path / "production.sqlite3").exists()


@pytest.mark.django_db
def test_load_demo_refuses_when_demo_data_is_not_allowed(settings):
    settings.KAP_DEMO_ALLOWED = False

    with pytest.raises(CommandError, match="KAP_DEMO_ALLOWED is off"):
        call_command("load_demo", stdout=io.StringIO())

    assert not User.objects.exists()
    assert not DemoUnit.objects.exists()


@pytest.mark.django_db
def test_load_demo_refuses_a_database_loaded_by_the_old_loader():
    User.objects.create_user("casey@demo.kaptraining.org", "x")

    with pytest.raises(CommandError, match="earlier version of load_demo"):
        call_command("load_demo", stdout=io.StringIO())

    assert User.objects.count() == 1


def _demo_account(email="staff@demo.kaptraining.org", password=DEMO_PASSWORD):
    return User.objects.create(
        email=email,
        password=make_password(password),
        is_staff=True,
        is_superuser=True,
    )


@pytest.mark.django_db
def test_system_check_refuses_demo_accounts_in_a_production_database(settings):
    settings.KAP_DEMO_ALLOWED = False
    staff = _demo_account()
    _demo_account("casey@demo.kaptraining.org")
    User.objects.create(email="real@example.org", password=make_password(DEMO_PASSWORD))

    errors = demo_accounts_refused(databases=["default"])

    assert [e.id for e in errors] == ["demo.E001"]
    assert "2 demo account(s)" in errors[0].msg
    # migrate (and check --database) stop on it.
    with pytest.raises(SystemCheckError, match="demo.E001"):
        call_command("check", databases=["default"], stdout=io.StringIO())

    staff.set_unusable_password()
    staff.save()
    User.objects.filter(email="casey@demo.kaptraining.org").update(
        password=make_password("a-new-private-password")
    )
    assert demo_accounts_refused(databases=["default"]) == []


@pytest.mark.django_db
def test_system_check_allows_demo_accounts_where_demo_data_is_allowed(settings):
    settings.KAP_DEMO_ALLOWED = True
    _demo_account()

    assert demo_accounts_refused(databases=["default"]) == []
    # Without a database to look at (plain `check`), nothing is queried.
    settings.KAP_DEMO_ALLOWED = False
    assert demo_accounts_refused(databases=None) == []
