"""Enrolment: open, full and free cohorts. (The lesson steps that follow are in
tests/study/test_study_flow.py.)"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Enrolment, EnrolmentStatus
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Enrolment follows the calendar: a cohort that has not started takes enrolments.
FUTURE = timezone.localdate() + datetime.timedelta(days=30)


def test_enrol_open_cohort_creates_pending_enrolment(client, program):
    cohort = CohortFactory(program=program, start_date=FUTURE)
    trainee = UserFactory()
    client.force_login(trainee)

    response = client.post(reverse("cohorts:enrol", args=[cohort.pk]))

    assert response.status_code == 200
    enrolment = Enrolment.objects.get(cohort=cohort, trainee=trainee)
    assert enrolment.status == EnrolmentStatus.PENDING_PAYMENT
    assert "Continue to payment" in response.content.decode()


def test_enrol_full_cohort_is_refused_with_message(client, program):
    cohort = CohortFactory(program=program, capacity=1, start_date=FUTURE)
    EnrolmentFactory(cohort=cohort)
    latecomer = UserFactory()
    client.force_login(latecomer)

    response = client.post(reverse("cohorts:enrol", args=[cohort.pk]))

    assert response.status_code == 409
    assert "this cohort is full" in response.content.decode()
    assert not Enrolment.objects.filter(trainee=latecomer).exists()


def test_enrol_free_cohort_activates_at_once(client, program):
    cohort = CohortFactory(program=program, tuition_cents=0, start_date=FUTURE)
    trainee = UserFactory()
    client.force_login(trainee)

    response = client.post(reverse("cohorts:enrol", args=[cohort.pk]))

    assert response.status_code == 302
    assert Enrolment.objects.get(trainee=trainee).status == EnrolmentStatus.ACTIVE
