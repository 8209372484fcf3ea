"""A real Celery worker on Redis issues the certificate (walking skeleton step 5)."""

import pytest

from kaptraining.certificates.models import Certificate
from kaptraining.certificates.tasks import certificate_issue_if_eligible
from kaptraining.credits.services import ledger_credit
from tests.conftest import wait_until
from tests.factories import CohortFactory, EnrolmentFactory, make_program

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_issues_one_certificate_even_when_task_sent_twice(celery_worker_process):
    program = make_program()
    enrolment = EnrolmentFactory(cohort=CohortFactory(program=program))
    trainee = enrolment.trainee
    # Two credits, each committing and enqueueing the issuance task.
    ledger_credit(trainee=trainee, program=program, category="didactic", minutes=120, source="adjustment",
                  source_id="a", description="Didactic")
    ledger_credit(trainee=trainee, program=program, category="ethics", minutes=60, source="adjustment",
                  source_id="b", description="Ethics")
    # And a duplicate delivery of the same task.
    certificate_issue_if_eligible.delay(trainee.pk, program.pk)

    certificate = wait_until(lambda: Certificate.objects.filter(trainee=trainee, pdf__gt="").first(), timeout=60)

    assert certificate.pdf.read()[:5] == b"%PDF-"
    # Let every remaining delivery run, then check there is still exactly one.
    wait_until(_queue_idle, timeout=30)
    assert Certificate.objects.filter(trainee=trainee).count() == 1


def _queue_idle() -> bool:
    """No message waiting in our queue and none taken but unacknowledged."""
    import os

    import redis

    from kaptraining.celery import app

    r = redis.Redis.from_url(os.environ["REDIS_URL"])
    return r.llen(app.conf.task_default_queue or "celery") == 0 and r.hlen("unacked") == 0
