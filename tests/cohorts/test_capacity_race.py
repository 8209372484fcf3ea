"""Two trainees take the last place at the same moment: exactly one gets it.
Runs real concurrent transactions on PostgreSQL (row lock on the cohort)."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from cohorts.models import Enrolment, EnrolmentStatus
from cohorts.services import EnrolmentError, enrolment_create
from tests.conftest import service_or_skip
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory

# Enrolment follows the calendar: a cohort that has not started takes enrolments.
FUTURE = timezone.localdate() + datetime.timedelta(days=30)


@pytest.mark.django_db(transaction=True)
def test_enrol_last_place_concurrently_only_one_succeeds(program):
    service_or_skip("PostgreSQL", connection.vendor == "postgresql")
    cohort = CohortFactory(program=program, capacity=3, start_date=FUTURE)
    EnrolmentFactory.create_batch(2, cohort=cohort)
    racers = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(len(racers))
    outcomes = {}

    def take(user):
        try:
            barrier.wait(timeout=10)
            enrolment_create(cohort_id=cohort.pk, trainee=user)
            outcomes[user.pk] = "enrolled"
        except EnrolmentError as exc:
            outcomes[user.pk] = str(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(u,)) for u in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes.values()) == ["Sorry, this cohort is full.", "enrolled"]
    held = Enrolment.objects.filter(
        cohort=cohort, status__in=EnrolmentStatus.HOLDING_A_SEAT
    )
    assert held.count() == cohort.capacity
