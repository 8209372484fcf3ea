"""In Chromium: a trainee logs an observed KAP session (a phone number in the
reflection is caught first), the site supervisor signs it off, and the hours
appear on the trainee's dashboard."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kaptraining.core.categories import Category
from tests.browser.helpers import sign_in
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    UserFactory,
    make_home_page,
    make_program,
)
from tests.factories.practicums import (
    PlacementFactory,
    PracticumSiteFactory,
    SiteCapacityFactory,
    SupervisorFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_practicum_logged_signed_off_and_counted_on_dashboard(
    live_server, page, browser
):
    program = make_program(
        make_home_page(), lessons=0, requirements=[(Category.PRACTICUM, 2, None)]
    )
    today = timezone.localdate()
    cohort = CohortFactory(
        program=program, start_date=today - datetime.timedelta(days=60)
    )
    trainee = EnrolmentFactory(
        cohort=cohort, trainee=UserFactory(first_name="Noor")
    ).trainee
    supervisor = SupervisorFactory(first_name="Avery", last_name="Stone")
    site = PracticumSiteFactory(name="Lakeside KAP Clinic", supervisors=[supervisor])
    SiteCapacityFactory(site=site, cohort=cohort)
    PlacementFactory(site=site, cohort=cohort, trainee=trainee)
    base = live_server.url

    # The trainee finds the practicum from the dashboard and logs a session.
    sign_in(page, base, trainee.email)
    expect(page.get_by_role("heading", name="Welcome, Noor")).to_be_visible()
    page.get_by_role("link", name="My practicum").click()
    page.get_by_role("link", name="Log a session").click()
    expect(page.get_by_text("No client-identifying information.")).to_be_visible()
    page.get_by_label("Date of the session").fill(
        (today - datetime.timedelta(days=3)).isoformat()
    )
    page.get_by_label("Duration (minutes)").fill("150")
    page.get_by_label("Session phase").select_option("dosing")
    page.get_by_label("Route of administration").select_option("sublingual")
    page.get_by_label("Your role").select_option("observer")
    page.get_by_label("Reflection").fill(
        "Her partner rang 415-555-0134 during the peak."
    )
    page.get_by_role("button", name="Send for sign-off").click()

    # The phone number is caught and named; nothing was stored.
    expect(page.get_by_text("a phone number (“415-555-0134”)")).to_be_visible()
    page.get_by_label("Reflection").fill(
        "The therapist's steady voice during the peak helped the client settle."
    )
    page.get_by_role("button", name="Send for sign-off").click()
    expect(
        page.get_by_text(
            "Your session was logged and sent to your supervisor for sign-off."
        )
    ).to_be_visible()
    expect(page.get_by_text("Awaiting sign-off")).to_be_visible()

    # The supervisor signs it off in their own session.
    supervisor_page = browser.new_context().new_page()
    sign_in(supervisor_page, base, supervisor.email)
    supervisor_page.goto(f"{base}/practicum/review/")
    supervisor_page.get_by_role(
        "link", name=(today - datetime.timedelta(days=3)).strftime("%b %-d, %Y")
    ).click()
    supervisor_page.get_by_label(
        "Sign off: the trainee observed this session as described"
    ).check()
    supervisor_page.get_by_role("button", name="Save decision").click()
    expect(
        supervisor_page.get_by_text("Signed off. The minutes now count")
    ).to_be_visible()

    # The trainee's dashboard counts the 2.5 hours towards the practicum minimum.
    page.goto(f"{base}/dashboard/")
    expect(page.get_by_text("2.5 / 2 hours")).to_be_visible()
    expect(page.get_by_text("2.5 / 3 hours")).to_be_visible()
