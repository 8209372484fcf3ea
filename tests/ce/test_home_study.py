"""Self-paced home-study courses: the access period runs from enrolment, the
course is listed publicly, and passing the post-test plus the evaluation
awards credit without any attendance."""

import datetime
import decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kaptraining.ce.models import ActivityProfile
from kaptraining.ce.services import ce_evaluation_record
from kaptraining.credits.models import CECertificate, CEParticipation
from kaptraining.credits.windows import completion_window_for
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.credits import (
    CEActivityCreditFactory,
    CEActivityFactory,
    CEApprovalFactory,
)
from tests.factories.curriculum import answer_key

from .conftest import EVALUATION

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(live_ce):
    """The live fixture's program and post-test, sold as a self-paced course."""
    today = timezone.localdate()
    cohort = CohortFactory(
        program=live_ce.cohort.program,
        self_paced=True,
        start_date=today - datetime.timedelta(days=90),
        end_date=today + datetime.timedelta(days=600),
    )
    activity = CEActivityFactory(
        title="KAP: latest research",
        kind="home_study",
        delivery_format="home_study",
        contact_minutes=180,
    )
    CEActivityCreditFactory(
        activity=activity,
        approval=CEApprovalFactory(body="nbcc", approval_number="NBCC-7788"),
        credit_hours=decimal.Decimal("3"),
    )
    ActivityProfile.objects.create(
        activity=activity,
        cohort=cohort,
        post_test=live_ce.post_test,
        learning_objectives="Summarise the research.",
        presenters="Dr. M. Castellanos — nothing to disclose",
    )
    return cohort, activity


def test_access_period_starts_at_enrolment_not_cohort_start(course):
    cohort, _activity = course
    enrolment = EnrolmentFactory(cohort=cohort, activated_at=timezone.now())
    window = completion_window_for(
        trainee_id=enrolment.trainee_id, program=cohort.program
    )
    assert window.starts_on == timezone.localdate(timezone.now())


def test_home_study_listed_publicly(client, course):
    page = client.get(reverse("ce:home_study")).content.decode()
    assert "KAP: latest research" in page
    assert "NBCC-7788" in page
    assert "Dr. M. Castellanos — nothing to disclose" in page


def test_home_study_awards_on_post_test_and_evaluation(client, course, live_ce):
    cohort, activity = course
    trainee = UserFactory(profession="counsellor")
    EnrolmentFactory(cohort=cohort, trainee=trainee, activated_at=timezone.now())
    participation = CEParticipation.objects.get(activity=activity, trainee=trainee)

    client.force_login(trainee)
    client.post(
        reverse("curriculum:quiz_submit", args=[live_ce.post_test.pk]),
        answer_key(live_ce.module),
    )
    assert not CECertificate.objects.filter(activity=activity).exists()
    ce_evaluation_record(participation=participation, answers=EVALUATION)

    cert = CECertificate.objects.get(activity=activity, trainee=trainee)
    assert [(c["body"], c["hours"]) for c in cert.credits] == [("nbcc", "3.00")]
