"""The home-study CE journey in Chromium: browse → buy (demo checkout) →
study → post-test (fail, then pass) → evaluation → CE certificate → public
verification."""

import datetime
import decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import CohortStatus
from kaptraining.ce.models import ActivityProfile
from kaptraining.certificates.models import Certificate
from kaptraining.core.categories import Category
from kaptraining.curriculum.models import ModulePage
from tests.factories import CohortFactory, UserFactory, make_home_page, make_program
from tests.factories.credits import (
    CEActivityCreditFactory,
    CEActivityFactory,
    CEApprovalFactory,
)
from tests.factories.curriculum import add_quiz_lesson, set_bank, single, true_false

from .a11y_helpers import assert_accessible
from .helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "KAP: latest research, mechanisms and best practices"


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as a script; the site's CSP (rightly) refuses it.
    return {**browser_context_args, "bypass_csp": True}


def test_home_study_journey_to_verified_ce_certificate(live_server, page, settings):
    settings.PAYMENTS_BACKEND = "offline"
    home = make_home_page()
    program = make_program(
        home, required_hours=1, requirements=[(Category.DIDACTIC, 1, None)], lessons=1
    )
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
    today = timezone.localdate()
    cohort = CohortFactory(
        program=program,
        name="Home study (self-paced)",
        status=CohortStatus.OPEN,
        self_paced=True,
        tuition_cents=12000,
        start_date=today - datetime.timedelta(days=90),
        end_date=today + datetime.timedelta(days=600),
    )
    activity = CEActivityFactory(
        title=TITLE,
        kind="home_study",
        delivery_format="home_study",
        contact_minutes=180,
        start_date=cohort.start_date,
        end_date=cohort.end_date,
    )
    CEActivityCreditFactory(
        activity=activity,
        approval=CEApprovalFactory(body="aswb_ace", approval_number="ACE-2231"),
        credit_hours=decimal.Decimal("3"),
    )
    ActivityProfile.objects.create(
        activity=activity,
        cohort=cohort,
        post_test=post_test,
        learning_objectives="Summarise the research.\nExplain the mechanisms.",
        presenters="Dr. Mira Castellanos, PhD — nothing to disclose",
    )
    trainee = UserFactory(
        profession="social_worker",
        licence_type="lcsw",
        licence_state="NY",
        licence_number="LCSW 084213",
    )
    base = live_server.url
    sign_in(page, base, trainee.email)

    # Browse and buy.
    page.goto(f"{base}/ce/home-study/")
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(
        page.get_by_text("Dr. Mira Castellanos, PhD — nothing to disclose")
    ).to_be_visible()
    assert_accessible(page, context="home-study courses")
    page.get_by_role("link", name="Enrol").click()
    page.get_by_role("button", name="Enrol in this cohort").click()
    page.get_by_role("button", name="Continue to payment").click()
    expect(page.get_by_text("$120.00").first).to_be_visible()
    page.get_by_role("button", name="Confirm demo payment").click()
    expect(page.get_by_role("heading", name="You are enrolled")).to_be_visible()

    # The post-test: a wrong answer fails, the retake passes.
    page.goto(base + post_test.url)
    page.get_by_label("Oral lozenges").check()
    page.get_by_label("False").check()
    page.get_by_role("button", name="Submit answers").click()
    page.goto(base + post_test.url)
    expect(page.get_by_text("Not passed")).to_be_visible()
    page.get_by_label("Intranasal esketamine").check()
    page.get_by_label("True").check()
    page.get_by_role("button", name="Submit answers").click()

    # The evaluation, then the CE certificate is there at once.
    page.goto(f"{base}/hours/ce/")
    page.get_by_role("link", name="Complete the evaluation").click()
    assert_accessible(page, context="CE evaluation form")
    page.locator("#id_objectives_0").check()
    page.locator("#id_presenter_1").check()
    page.locator("#id_relevance_0").check()
    page.locator("#id_bias_0").check()
    page.get_by_label("Comments and suggestions (optional).").fill("Very clear.")
    page.get_by_role("button", name="Submit evaluation").click()
    expect(page.get_by_text("Thank you for your evaluation.")).to_be_visible()
    page.get_by_role("link", name="View certificate").click()
    expect(page.get_by_text("Clinical CE credits (ASWB ACE)")).to_be_visible()
    expect(page.get_by_text("NY LCSW 084213")).to_be_visible()

    # Public verification of the certificate issued with it.
    number = Certificate.objects.get(trainee=trainee, kind="ce").number
    page.context.clear_cookies()
    page.goto(f"{base}/verify/{number}/")
    expect(page.get_by_text("This certificate is valid.")).to_be_visible()
