"""In Chromium: a trainee chooses a payment plan, pays the first instalment
through the demo checkout and sees the schedule of the rest."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import UserFactory, make_home_page, make_program
from tests.factories.payments import pending_enrolment, priced_cohort

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_trainee_chooses_plan_and_sees_schedule(live_server, page, settings):
    settings.PAYMENTS_BACKEND = "offline"
    program = make_program(make_home_page())
    cohort = priced_cohort(
        program, name="Autumn cohort", amount_cents=480000, plans=(3, 6)
    )
    trainee = UserFactory(first_name="Noor")
    pending_enrolment(cohort, trainee=trainee)
    base = live_server.url

    sign_in(page, base, trainee.email)
    expect(page.get_by_role("heading", name="Welcome, Noor")).to_be_visible()

    page.get_by_role("link", name="Tuition, schedule and receipts").click()
    expect(page.get_by_role("heading", name="Choose how to pay")).to_be_visible()
    page.get_by_label("6 monthly payments").check()
    page.get_by_role("button", name="Continue to payment").click()

    expect(page.get_by_text("This is a local demo checkout.")).to_be_visible()
    expect(page.get_by_text("$800.00")).to_be_visible()
    page.get_by_role("button", name="Confirm demo payment").click()
    expect(page.get_by_role("heading", name="You are enrolled")).to_be_visible()

    page.get_by_role("link", name="Go to your dashboard").click()
    expect(page.get_by_text("next payment $800.00")).to_be_visible()
    page.get_by_role("link", name="Tuition, schedule and receipts").click()
    schedule = page.get_by_role("table", name="Payment schedule")
    rows = schedule.locator("tbody tr")
    expect(rows).to_have_count(6)
    expect(rows.nth(0)).to_contain_text("Paid")
    for i in range(1, 6):
        expect(rows.nth(i)).to_contain_text("$800.00")
        expect(rows.nth(i)).to_contain_text("Scheduled")
    expect(page.locator("#balance")).to_have_text("$4,000.00")
    expect(page.get_by_role("link", name="Receipt")).to_be_visible()
