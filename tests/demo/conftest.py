"""The demo is loaded once per test module, inside a transaction rolled back
at the module's end; each test runs in a savepoint inside it (pytest-django's
`db`), so tests may act on the data without seeing each other's changes."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo the way `make demo` does; yields the command's output."""
    files = tmp_path_factory.mktemp("demo-files")
    with (
        override_settings(MEDIA_ROOT=files / "media", PRIVATE_ROOT=files / "private"),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(demo, db):
    """The loaded demo, for one test (changes roll back after it)."""
    return demo


def account(key: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email=f"{key}@demo.kaptraining.org")
