"""In Chromium: checkout shows the pace warning and will not go on until the
trainee ticks the consent; an application-only cohort that has started says
applications are closed instead of offering the form. Both pages pass axe."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.a11y_helpers import assert_accessible
from tests.browser.helpers import sign_in
from tests.factories import CohortFactory, UserFactory, make_home_page, make_program
from tests.factories.payments import pending_enrolment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("KAP_SCREENSHOTS")  # a folder to look at the pages


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe-core is injected as a script; the site's CSP would refuse it.
    return {**browser_context_args, "bypass_csp": True}


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_checkout_asks_for_pace_consent_before_paying(live_server, page, settings):
    settings.PAYMENTS_BACKEND = "offline"
    program = make_program(make_home_page(), required_hours=150)
    cohort = CohortFactory(
        program=program,
        name="Spring cohort",
        tuition_cents=90000,
        start_date=timezone.localdate() - datetime.timedelta(days=340),
    )
    trainee = UserFactory(first_name="Noor")
    enrolment = pending_enrolment(cohort, trainee=trainee)
    base = live_server.url

    sign_in(page, base, trainee.email)
    page.goto(base + reverse("payments:account", args=[enrolment.pk]))
    expect(page.get_by_text("Very little time for the required hours")).to_be_visible()
    consent = page.get_by_label(
        "I understand how little time is left in the window and still want to enrol."
    ).first
    _shot(page, "checkout-pace-warning")
    assert_accessible(page, context="tuition page with the pace warning")

    page.get_by_role("button", name="Continue to payment").click()
    # The box is required: the browser keeps the trainee on the page.
    expect(page.get_by_text("This is a local demo checkout.")).not_to_be_visible()
    consent.check()
    page.get_by_role("button", name="Continue to payment").click()
    expect(page.get_by_text("This is a local demo checkout.")).to_be_visible()
    enrolment.refresh_from_db()
    assert enrolment.short_window_consent_at is not None


def test_a_started_application_cohort_says_applications_are_closed(live_server, page):
    program = make_program(make_home_page())
    cohort = CohortFactory(
        program=program,
        name="Retreat cohort",
        admission="application",
        start_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    trainee = UserFactory()
    base = live_server.url

    sign_in(page, base, trainee.email)
    page.goto(base + reverse("cohorts:detail", args=[cohort.pk]))
    expect(page.get_by_text("This cohort is not taking applications.")).to_be_visible()
    expect(page.get_by_role("link", name="Apply to this cohort")).to_have_count(0)
    _shot(page, "cohort-applications-closed")
    assert_accessible(page, context="started application-only cohort")

    page.goto(base + reverse("cohorts:apply", args=[cohort.pk]))
    expect(page.get_by_text("Applications are closed.")).to_be_visible()
    expect(page.get_by_role("button", name="Send my application")).to_have_count(0)
    _shot(page, "apply-closed")
    assert_accessible(page, context="apply page of a started cohort")
