"""In Chromium: each role signs in, lands on /dashboard/ and reaches their
work in one step (a link or a form on the home page)."""

import re

import pytest
from playwright.sync_api import expect

from cohorts.models import CohortStatus
from tests.browser.helpers import sign_in
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    UserFactory,
    make_home_page,
    make_program,
)
from tests.factories.cohorts import ApplicationFactory
from tests.factories.credits import ExternalHoursClaimFactory
from tests.factories.mentorship import (
    MentorMeetingFactory,
    MentorProfileFactory,
    PairFactory,
    PairingRoundFactory,
)
from tests.factories.practicums import (
    PlacementFactory,
    PracticumLogFactory,
    PracticumSiteFactory,
    SupervisorFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cohort():
    program = make_program(make_home_page())
    return CohortFactory(program=program, status=CohortStatus.IN_PROGRESS)


def _home(page, base, email):
    sign_in(page, base, email)
    page.goto(f"{base}/dashboard/")


def test_trainer_finds_hours_to_approve(live_server, page, cohort):
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    trainee = EnrolmentFactory(
        cohort=cohort, trainee=UserFactory(first_name="Ines")
    ).trainee
    ExternalHoursClaimFactory(trainee=trainee, program=cohort.program)
    _home(page, live_server.url, trainer.email)
    page.get_by_role("link", name="external hours to approve").click()
    expect(
        page.get_by_role("heading", name="External hours to approve")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Approve and credit")).to_be_visible()


def test_mentor_finds_meeting_to_confirm(live_server, page, cohort):
    profile = MentorProfileFactory()
    trainee = EnrolmentFactory(
        cohort=cohort, trainee=UserFactory(first_name="Rui")
    ).trainee
    pair = PairFactory(
        round=PairingRoundFactory(cohort=cohort), trainee=trainee, mentor=profile
    )
    MentorMeetingFactory(pair=pair)
    _home(page, live_server.url, profile.user.email)
    page.get_by_role("link", name="Confirm or dispute").click()
    expect(page.get_by_role("heading", name="Mentee")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm").first).to_be_visible()


def test_supervisor_signs_off_from_home(live_server, page, cohort):
    supervisor = SupervisorFactory()
    site = PracticumSiteFactory(supervisors=[supervisor])
    trainee = EnrolmentFactory(cohort=cohort).trainee
    log = PracticumLogFactory(
        placement=PlacementFactory(site=site, cohort=cohort, trainee=trainee)
    )
    _home(page, live_server.url, supervisor.email)
    page.locator(f"#log-{log.pk}").check()
    page.get_by_role("button", name="Sign off the ticked logs").click()
    expect(page.get_by_text("1 log signed off.")).to_be_visible()


def test_staff_opens_a_queue_in_the_admin(live_server, page, cohort):
    staff = UserFactory(is_staff=True, is_superuser=True)
    ApplicationFactory(cohort=cohort)
    _home(page, live_server.url, staff.email)
    page.get_by_role("link", name="Applications to decide").first.click()
    expect(page).to_have_url(re.compile(r"/admin/cohort_application_admin/"))
