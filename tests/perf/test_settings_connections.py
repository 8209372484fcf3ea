"""Every environment but the test suite pools PostgreSQL connections (issue 19)."""

import json
import os
import subprocess
import sys

import pytest

PG_URL = "postgres://kap@db.invalid:5432/kaptraining"


def _database_settings(module: str, **env: str) -> dict:
    """The default database as `module` builds it from `env` (a fresh process:
    settings are read once per process)."""
    code = (
        "import json, django.conf as c; d = c.settings.DATABASES['default'];"
        "print(json.dumps({k: d.get(k) for k in "
        "('CONN_MAX_AGE', 'CONN_HEALTH_CHECKS', 'OPTIONS')}))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": f"kaptraining.settings.{module}",
        "DATABASE_URL": PG_URL,
        "DJANGO_SECRET_KEY": "x",
        "DJANGO_ALLOWED_HOSTS": "training.example.org",
        **env,
    }
    for name in ("DB_POOL", "DB_POOL_MAX_SIZE", "CONN_MAX_AGE"):
        if name not in env:
            environment.pop(name, None)
    out = subprocess.run(  # noqa: S603 - our interpreter, our code
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", ["dev", "production"])
def test_settings_postgresql_pool_by_default(module):
    db = _database_settings(module)
    assert db["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 8, "timeout": 10.0}
    assert db["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent age


def test_settings_pool_size_from_environment():
    db = _database_settings("production", DB_POOL_MAX_SIZE="12")
    assert db["OPTIONS"]["pool"]["max_size"] == 12


def test_settings_pool_off_connections_persist_with_health_checks():
    db = _database_settings("production", DB_POOL="0", CONN_MAX_AGE="120")
    assert "pool" not in db["OPTIONS"]
    assert db["CONN_MAX_AGE"] == 120
    assert db["CONN_HEALTH_CHECKS"] is True


def test_settings_test_suite_unpooled():
    db = _database_settings("test")
    assert "pool" not in db["OPTIONS"]
    assert db["CONN_MAX_AGE"] == 0
