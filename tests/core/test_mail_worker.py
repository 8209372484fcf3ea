"""The mail task on a real Celery worker, sending to a real SMTP server
(aiosmtpd) on loopback: a transient refusal is retried with backoff and the
message then arrives exactly once; a permanent refusal is given up at once."""

import threading
import time

import pytest
from aiosmtpd.controller import Controller

from kaptraining.core.mail import mail_send
from kaptraining.core.models import OutboundEmail
from tests.conftest import free_port, wait_until
from tests.factories import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


class Handler:
    """Refuses the first `refuse` DATA commands with `reply`, then accepts."""

    def __init__(self, refuse: int = 0, reply: str = "451 4.3.0 Try again later"):
        self.refuse = refuse
        self.reply = reply
        self.attempts = 0
        self.times: list[float] = []
        self.accepted: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.attempts += 1
            self.times.append(time.monotonic())
            if self.attempts <= self.refuse:
                return self.reply
            self.accepted.append(envelope)
        return "250 2.0.0 OK: queued"


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def celery_worker_env(smtp_port):
    return {
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "10",
        "MAIL_RETRY_BASE_SECONDS": "1",
        "MAIL_RETRY_MAX_SECONDS": "2",
    }


def _server(handler, port):
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


def test_transient_refusal_is_retried_then_delivered_once(
    celery_worker_process, smtp_port
):
    handler = Handler(refuse=2)
    controller = _server(handler, smtp_port)
    try:
        reader = UserFactory(first_name="Noor")
        # Outside any transaction: the row commits at once and the task is sent.
        queued = mail_send(
            "seat_offer",
            to=reader,
            context={"offer": None, "application": None, "url": "https://x/"},
            key="worker-test:1",
        )

        wait_until(
            lambda: OutboundEmail.objects.filter(
                pk=queued.pk, sent_at__isnull=False
            ).exists(),
            timeout=60,
        )
        queued.refresh_from_db()
        assert handler.attempts == 3  # refused twice (451), accepted once
        # Backoff: 1 s, then 2 s (MAIL_RETRY_BASE_SECONDS=1, doubling).
        t = handler.times
        assert t[1] - t[0] >= 0.9 and t[2] - t[1] >= 1.9
        assert queued.attempts == 3 and queued.failed_at is None
        # Let any stray redelivery run: still exactly one message arrived.
        wait_until(lambda: _queue_idle(), timeout=30)
        assert len(handler.accepted) == 1
        [envelope] = handler.accepted
        assert envelope.rcpt_tos == [reader.email]
        content = envelope.content.decode()
        assert f"Message-ID: <kap.{queued.pk}." in content
        assert "Accept or decline: https://x/" in content
    finally:
        controller.stop()


def test_permanent_refusal_is_given_up_without_retrying(
    celery_worker_process, smtp_port
):
    handler = Handler(refuse=99, reply="554 5.7.1 Message rejected")
    controller = _server(handler, smtp_port)
    try:
        queued = mail_send(
            "seat_offer",
            to="nobody@example.org",
            context={"offer": None, "application": None, "url": "https://x/"},
        )

        wait_until(
            lambda: OutboundEmail.objects.filter(
                pk=queued.pk, failed_at__isnull=False
            ).exists(),
            timeout=60,
        )
        wait_until(lambda: _queue_idle(), timeout=30)
        queued.refresh_from_db()
        assert handler.attempts == 1 and handler.accepted == []
        assert queued.attempts == 1 and queued.sent_at is None
        assert "554" in queued.last_error
    finally:
        controller.stop()


def _queue_idle() -> bool:
    import os

    import redis

    from kaptraining.celery import app

    r = redis.Redis.from_url(os.environ["REDIS_URL"])
    return (
        r.llen(app.conf.task_default_queue or "celery") == 0 and r.hlen("unacked") == 0
    )
