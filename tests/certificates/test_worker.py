"""A real Celery worker on Redis issues certificates exactly once: when a task
is delivered twice, and when the worker is killed (SIGKILL) mid-task and the
task is redelivered to a fresh worker."""

import os

import pytest

from kaptraining.certificates.models import Certificate
from kaptraining.certificates.tasks import (
    certificate_issue_if_eligible,
    certificates_issue_for_cohort,
)
from kaptraining.credits.services import ledger_credit
from tests.conftest import wait_until
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory, make_program
from tests.factories.certificates import make_eligible

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _complete(**filters):
    """Certificates whose whole pipeline ran: PDF, signed credential, e-mail."""
    return Certificate.objects.filter(
        pdf__gt="", credential__isnull=False, notified_at__isnull=False, **filters
    )


def test_worker_issues_one_certificate_even_when_task_sent_twice(celery_worker_process):
    program = make_program()
    enrolment = EnrolmentFactory(cohort=CohortFactory(program=program))
    trainee = enrolment.trainee
    # Two credits, each committing and enqueueing the issuance task.
    ledger_credit(
        trainee=trainee,
        program=program,
        category="didactic",
        minutes=120,
        source="adjustment",
        source_id="a",
        description="Didactic",
    )
    ledger_credit(
        trainee=trainee,
        program=program,
        category="ethics",
        minutes=60,
        source="adjustment",
        source_id="b",
        description="Ethics",
    )
    # And a duplicate delivery of the same task.
    certificate_issue_if_eligible.delay(trainee.pk, program.pk)

    certificate = wait_until(lambda: _complete(trainee=trainee).first(), timeout=90)

    assert certificate.pdf.read()[:5] == b"%PDF-"
    # Let every remaining delivery run, then check there is still exactly one.
    wait_until(_queue_idle, timeout=60)
    assert Certificate.objects.filter(trainee=trainee).count() == 1


def test_worker_cohort_batch_delivered_twice_issues_one_each(celery_worker_process):
    program = make_program()
    cohort = CohortFactory(program=program)
    trainees = [UserFactory() for _ in range(3)]
    for trainee in trainees:
        make_eligible(trainee, program, cohort=cohort)
    EnrolmentFactory(cohort=cohort)  # not eligible: gets nothing

    certificates_issue_for_cohort.delay(cohort.pk, 0, 2)
    certificates_issue_for_cohort.delay(cohort.pk, 0, 2)

    wait_until(lambda: _complete(program=program).count() == 3, timeout=120)
    wait_until(_queue_idle, timeout=90)
    assert sorted(Certificate.objects.values_list("trainee_id", flat=True)) == sorted(
        t.pk for t in trainees
    )


@pytest.fixture
def pausing_worker(request, monkeypatch, tmp_path, celery_worker_app):
    """A worker (tests/certificates/fault_worker.py) that pauses after the first
    certificate insert while a flag file exists, and gets unacknowledged tasks
    back after 3 seconds."""
    assert celery_worker_app == "tests.certificates.fault_worker"
    flag = tmp_path / "pause-after-insert"
    monkeypatch.setenv("CERTIFICATES_FAULT_PAUSE_FILE", str(flag))
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "3")
    worker = request.getfixturevalue("celery_worker_process")
    return worker, flag


@pytest.mark.parametrize("celery_worker_app", ["tests.certificates.fault_worker"])
def test_worker_killed_mid_task_redelivery_finishes_exactly_once(pausing_worker):
    worker, flag = pausing_worker
    program = make_program()
    cohort = CohortFactory(program=program)
    trainees = [UserFactory() for _ in range(3)]
    for trainee in trainees:
        make_eligible(trainee, program, cohort=cohort)
    flag.touch()

    certificates_issue_for_cohort.delay(cohort.pk)
    # The first insert is committed and the worker is paused right after it.
    first = wait_until(
        lambda: not flag.exists() and Certificate.objects.first(), timeout=90
    )
    assert not first.pdf and first.notified_at is None
    pid = worker.proc.pid
    worker.restart()  # SIGKILL, then a fresh worker process
    assert worker.proc.pid != pid
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)

    wait_until(lambda: _complete(program=program).count() == 3, timeout=150)
    wait_until(_queue_idle, timeout=60)
    assert Certificate.objects.count() == 3
    first.refresh_from_db()
    assert (
        first.pdf and first.credential and first.notified_at
    )  # finished by the redelivery


def _queue_idle() -> bool:
    """No message waiting in our queue and none taken but unacknowledged."""
    import redis

    from kaptraining.celery import app

    r = redis.Redis.from_url(os.environ["REDIS_URL"])
    return (
        r.llen(app.conf.task_default_queue or "celery") == 0 and r.hlen("unacked") == 0
    )
