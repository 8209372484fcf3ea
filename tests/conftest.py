"""Shared fixtures: real services, Wagtail pages, Chromium, a Celery worker."""

import datetime
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_sessionstart(session):
    """With REQUIRE_SERVICES=1 a missing PostgreSQL or Redis fails the run."""
    if not REQUIRE_SERVICES:
        return
    db = os.environ.get("DATABASE_URL", "")
    if not db.startswith(("postgres://", "postgresql://")):
        pytest.exit(
            "REQUIRE_SERVICES=1 but DATABASE_URL is not PostgreSQL.", returncode=3
        )
    if not os.environ.get("REDIS_URL"):
        pytest.exit("REQUIRE_SERVICES=1 but REDIS_URL is not set.", returncode=3)
    import redis

    try:
        redis.Redis.from_url(os.environ["REDIS_URL"]).ping()
    except redis.RedisError as exc:
        pytest.exit(f"REQUIRE_SERVICES=1 but Redis is unreachable: {exc}", returncode=3)
    if not Path(CHROMIUM).exists():
        pytest.exit(
            f"REQUIRE_SERVICES=1 but Chromium is missing at {CHROMIUM}.", returncode=3
        )


def service_or_skip(name: str, available: bool):
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{name} is required (REQUIRE_SERVICES=1) but not available.")
    pytest.skip(f"{name} is not available here; set it up to run this test.")


def pdf_text(data: bytes, tmp_path) -> str:
    """The text of a PDF as poppler's pdftotext lays it out."""
    service_or_skip("pdftotext (poppler-utils)", shutil.which("pdftotext") is not None)
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"Nothing listening on 127.0.0.1:{port} after {timeout}s")


# --- Django / Wagtail -----------------------------------------------------


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _sign_ins_pass_mfa(monkeypatch):
    """client.force_login(user) stands for a full sign-in: a person with a TOTP
    authenticator (staff and trainers, see UserFactory) signed in with it, as
    allauth insists. Tests of the MFA rule itself make a user without one
    (UserFactory(..., mfa=False)) or call password_only_session(client)."""
    from allauth.mfa.models import Authenticator
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists():
            session = self.session
            session["account_authentication_methods_user"] = str(user.pk)
            session["account_authentication_methods"] = [
                {"method": "password", "at": time.time(), "email": user.email},
                {"method": "mfa", "at": time.time(), "type": "totp"},
            ]
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


def password_only_session(client) -> None:
    """Make the client's session one that signed in with a password alone."""
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time()}
    ]
    session.save()


@pytest.fixture(autouse=True)
def _ratelimit_clock(monkeypatch):
    """django-ratelimit counts in fixed windows of wall-clock time; hold its
    clock still during a test so a count never straddles a window edge."""
    import django_ratelimit.core

    frozen = time.time()

    class _Time:
        @staticmethod
        def time():
            return frozen

    monkeypatch.setattr(django_ratelimit.core, "time", _Time)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block's on-commit callbacks when it ends, as
    a real commit would: queued e-mail is delivered, tasks enqueued."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def home_page(db):
    from tests.factories import make_home_page

    return make_home_page()


@pytest.fixture
def program(home_page):
    from tests.factories import make_program

    return make_program(home_page)


# --- Chromium via pytest-playwright ----------------------------------------


class Clock:
    """Moves django.utils.timezone.now() forward: the honest way to let time
    pass (a certificate expiring) instead of rewriting stored dates."""

    def __init__(self, monkeypatch):
        from django.utils import timezone

        self.offset = datetime.timedelta()
        real_now = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + self.offset)

    def advance(self, **delta) -> None:
        self.offset += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    service_or_skip("Chromium", Path(CHROMIUM).exists())
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


# --- A real Celery worker on Redis -----------------------------------------


@pytest.fixture
def celery_worker_app():
    """The module `celery -A` loads; a test may parametrize another (a test-only
    bootstrap that patches a service before the worker starts)."""
    return "kaptraining"


@pytest.fixture
def celery_worker_env():
    """Extra environment for the worker subprocess; a test module overrides it
    (the mail tests point the worker at an SMTP server on loopback)."""
    return {}


@pytest.fixture
def celery_worker_process(
    transactional_db, settings, celery_worker_app, celery_worker_env
):
    """Start `celery worker` in a subprocess against the test database and a
    private queue on Redis; tasks sent by the test go to it, not in-process.
    Yields a handle with .stop() and .restart() (used to kill it mid-task)."""
    from django.db import connection

    from kaptraining.celery import app

    redis_url = os.environ.get("REDIS_URL", "")
    service_or_skip("Redis", bool(redis_url))
    service_or_skip("PostgreSQL", connection.vendor == "postgresql")

    # The default queue; parallel runs use separate Redis databases (REDIS_URL).
    queue = app.conf.task_default_queue or "celery"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kaptraining.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_BROKER_URL": redis_url,
        "PRIVATE_ROOT": str(settings.PRIVATE_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **celery_worker_env,
    }
    if app.conf.broker_url != redis_url:
        pytest.fail("The Celery broker must be REDIS_URL for worker tests.")
    import redis

    redis.Redis.from_url(redis_url).delete(queue, "unacked", "unacked_index")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False

    class Worker:
        proc: subprocess.Popen | None = None

        def start(self):
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    celery_worker_app,
                    "worker",
                    "--pool=solo",
                    "--concurrency=1",
                    "-Q",
                    queue,
                    "--without-heartbeat",
                    "--without-gossip",
                    "--without-mingle",
                    "-l",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
            )

        def stop(self, kill=False):
            if self.proc and self.proc.poll() is None:
                (self.proc.kill if kill else self.proc.terminate)()
                self.proc.wait(timeout=20)

        def restart(self):
            self.stop(kill=True)
            self.start()

    worker = Worker()
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        redis.Redis.from_url(redis_url).delete(queue, "unacked", "unacked_index")
        app.conf.task_always_eager = True


def wait_until(predicate, timeout=30.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request to /es/ leaves Spanish active in the thread (Django restores
    nothing after the response), so reverse() in the next test would add /es/.
    Start and end every test in the default language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
