"""A real Celery worker on Redis saves a large marking exactly once, even when
the task is delivered more than once."""

import os

import pytest
from django.contrib.auth.hashers import make_password

from cohorts.attendance import attendance_marking_start
from cohorts.models import Attendance, AttendanceMarking, Enrolment
from cohorts.tasks import attendance_marking_run
from kaptraining.accounts.models import User
from kaptraining.credits.models import LedgerEntry
from tests.conftest import wait_until
from tests.factories import CohortFactory, UserFactory, make_program
from tests.factories.cohorts import LiveSessionFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _queue_idle() -> bool:
    import redis

    from kaptraining.celery import app

    r = redis.Redis.from_url(os.environ["REDIS_URL"])
    return (
        r.llen(app.conf.task_default_queue or "celery") == 0 and r.hlen("unacked") == 0
    )


def test_worker_marking_delivered_three_times_saves_one_set(celery_worker_process):
    celery_worker_process.stop()  # hold the queue until every copy is in it
    program = make_program(lessons=0)
    cohort = CohortFactory(program=program, capacity=100)
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    session = LiveSessionFactory(cohort=cohort)
    users = User.objects.bulk_create(
        User(email=f"w{i}@worker.example.org", password=make_password(None))
        for i in range(60)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, trainee=u, status="active") for u in users
    )
    marks = [
        {"enrolment": e, "status": "late", "minutes": 95 + i % 2}
        for i, e in enumerate(enrolments)
    ]

    # Committed, so the task is sent once; then two more deliveries, one of
    # them with smaller batches.
    marking = attendance_marking_start(session=session, marks=marks, by=trainer)
    attendance_marking_run.delay(marking.pk)
    attendance_marking_run.delay(marking.pk, 25)
    celery_worker_process.start()

    wait_until(
        lambda: AttendanceMarking.objects.filter(pk=marking.pk, status="done").exists(),
        timeout=90,
    )
    wait_until(_queue_idle, timeout=60)
    marking.refresh_from_db()
    assert (marking.done, marking.changed, marking.error) == (60, 60, "")
    assert Attendance.objects.count() == 60
    assert Attendance.objects.filter(is_current=True).count() == 60
    entries = LedgerEntry.objects.filter(source="attendance")
    assert entries.count() == 60
    assert not entries.filter(reverses__isnull=False).exists()
    assert sorted(entries.values_list("minutes", flat=True)) == [90] * 60
    assert set(
        Attendance.objects.values_list("ledger_entry__source_id", flat=True)
    ) == {f"attendance-{pk}" for pk in Attendance.objects.values_list("pk", flat=True)}
