import datetime
import decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kaptraining.ce.models import ActivityProfile
from kaptraining.curriculum.models import ModulePage
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.cohorts import LiveSessionFactory
from tests.factories.credits import (
    CEActivityCreditFactory,
    CEActivityFactory,
    CEApprovalFactory,
)
from tests.factories.curriculum import add_quiz_lesson, set_bank, single, true_false

EVALUATION = {
    "objectives": "5",
    "presenter": "4",
    "relevance": "5",
    "bias": "yes",
    "comments": "Clear and practical.",
}


def approvals():
    """One approval per body, as a jointly accredited provider holds them."""
    return {
        "apa": CEApprovalFactory(body="apa", approval_number="APA-1"),
        "aswb_ace": CEApprovalFactory(body="aswb_ace", approval_number="ACE-1"),
        "nbcc": CEApprovalFactory(body="nbcc", approval_number="NBCC-1"),
        "ancc": CEApprovalFactory(body="ancc", approval_number="JA-1"),
        "ama_pra1": CEApprovalFactory(body="ama_pra1", approval_number="JA-1"),
        "camft": CEApprovalFactory(
            body="state_board", board_name="CAMFT", approval_number="CAMFT-1"
        ),
    }


@pytest.fixture
def live_ce(program):
    """A cohort's 120-minute webinar carrying 2 CE hours from every body, with
    a post-test (75%) in module 1 and a 10-minute late-arrival allowance."""
    cohort = CohortFactory(program=program)
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    session = LiveSessionFactory(cohort=cohort)
    module = ModulePage.objects.descendant_of(program).get()
    set_bank(
        module,
        [
            single(
                "Which form of ketamine is FDA-approved for depression?",
                [("Intranasal esketamine", True, ""), ("Oral lozenges", False, "")],
            ),
            true_false("Ketamine is Schedule III in the United States.", True),
        ],
    )
    post_test = add_quiz_lesson(module, attempt_limit=3)
    activity = CEActivityFactory(
        title="KAP live webinar",
        contact_minutes=120,
        delivery_format="live_webinar",
        start_date=timezone.localdate() - datetime.timedelta(days=2),
        end_date=timezone.localdate(),
    )
    for approval in approvals().values():
        CEActivityCreditFactory(
            activity=activity, approval=approval, credit_hours=decimal.Decimal("2")
        )
    profile = ActivityProfile.objects.create(
        activity=activity,
        cohort=cohort,
        post_test=post_test,
        late_grace_minutes=10,
        learning_objectives="Describe the phases of KAP.\nList contraindications.",
        presenters="Dr. A. Presenter, PsyD — nothing to disclose",
    )
    profile.sessions.add(session)
    return SimpleNamespace(
        cohort=cohort,
        trainer=trainer,
        session=session,
        module=module,
        post_test=post_test,
        activity=activity,
        profile=profile,
    )


@pytest.fixture
def enrol(live_ce):
    def make(**user_fields):
        return EnrolmentFactory(
            cohort=live_ce.cohort, trainee=UserFactory(**user_fields)
        )

    return make
