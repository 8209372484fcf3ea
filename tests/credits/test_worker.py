"""With a real Celery worker on Redis: issuance queued while eligible, then a
reversal committed before the worker runs it, means no certificate."""

import os

import pytest

from kaptraining.certificates.models import Certificate
from kaptraining.credits.services import ledger_reverse
from tests.conftest import wait_until
from tests.credits.conftest import credit
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory, make_program

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _queue_idle() -> bool:
    import redis

    from kaptraining.celery import app

    r = redis.Redis.from_url(os.environ["REDIS_URL"])
    return (
        r.llen(app.conf.task_default_queue or "celery") == 0 and r.hlen("unacked") == 0
    )


def test_worker_reversal_before_issuance_cancels_it(celery_worker_process):
    celery_worker_process.stop()  # hold the queue while the ledger changes
    program = make_program(lessons=0)
    trainee = EnrolmentFactory(cohort=CohortFactory(program=program)).trainee
    staff = UserFactory(is_staff=True)
    credit(trainee, program, "didactic", 120)
    ethics = credit(trainee, program, "ethics", 60)  # eligible now: issuance is queued
    ledger_reverse(entry=ethics, reason="Attendance was not verified", by=staff)

    celery_worker_process.start()
    wait_until(_queue_idle, timeout=60)

    assert not Certificate.objects.filter(trainee=trainee).exists()
    # The same worker does issue once the requirement is met again.
    credit(trainee, program, "ethics", 60, source_id="ethics-makeup")
    certificate = wait_until(
        lambda: Certificate.objects.filter(trainee=trainee).first(), timeout=60
    )
    assert certificate.hours_minutes == 180
