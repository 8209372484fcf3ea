"""In Chromium: each role (trainee, trainer, mentor, supervisor, staff) signs
in, lands on /dashboard/, reaches their work in one step (a link or a form on
the home page), and the home meets WCAG 2.1 AA (axe at zero) at desktop and
phone widths without sideways scrolling."""

import datetime
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import CohortStatus
from kaptraining.mentorship.models import PairStatus, PlannedMeeting
from tests.browser.a11y_helpers import assert_accessible
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

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
SHOTS = os.environ.get("KAP_SCREENSHOTS")  # a folder, to look at the homes
OVERFLOW_JS = (
    "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"  # noqa: E501
)


@pytest.fixture
def page(browser):
    """A page in its own context; axe-core is injected inline, which the
    site's CSP forbids, so the context bypasses it."""
    context = browser.new_context(bypass_csp=True, viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def cohort():
    program = make_program(make_home_page())
    return CohortFactory(program=program, status=CohortStatus.IN_PROGRESS)


def _home(page, base, email, role):
    sign_in(page, base, email)
    page.goto(f"{base}/dashboard/")
    expect(page.locator(f"#role-{role}")).to_be_visible()
    # Staff get Wagtail's user bar, which brings its own (older) axe-core;
    # scan with the pinned one.
    page.evaluate("() => { delete window.axe; }")
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{role}-{label}.png", full_page=True)
        assert_accessible(page, context=f"{role} home, {label}")
        assert page.evaluate(OVERFLOW_JS) <= 0, f"{role} home scrolls sideways"
    page.set_viewport_size(DESKTOP)


def test_trainee_continues_studying_in_one_step(live_server, page, cohort):
    trainee = EnrolmentFactory(cohort=cohort, trainee=UserFactory()).trainee
    _home(page, live_server.url, trainee.email, "trainee")
    page.get_by_role("link", name="Continue studying").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(cohort.program.title)


def test_trainer_finds_hours_to_approve(live_server, page, cohort):
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    trainee = EnrolmentFactory(
        cohort=cohort, trainee=UserFactory(first_name="Ines")
    ).trainee
    ExternalHoursClaimFactory(trainee=trainee, program=cohort.program)
    _home(page, live_server.url, trainer.email, "trainer")
    page.get_by_role("link", name="external hours to approve").click()
    expect(
        page.get_by_role("heading", name="External hours to approve")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Approve and credit")).to_be_visible()


def test_trainer_pairs_a_mentor_by_hand(live_server, page, cohort):
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    trainee = EnrolmentFactory(
        cohort=cohort, trainee=UserFactory(first_name="Noor", last_name="Haddad")
    ).trainee
    mentor = MentorProfileFactory(profession=trainee.profession)
    round_ = PairingRoundFactory(cohort=cohort)
    sign_in(page, live_server.url, trainer.email)
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("link", name=re.compile("Pair mentors")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pair mentors")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/trainer-pairing.png", full_page=True)
    assert_accessible(page, context="trainer pairing page")
    page.get_by_label("Trainee").select_option(str(trainee.pk))
    page.get_by_label("Mentor").select_option(str(mentor.pk))
    page.get_by_role("button", name="Save pair").click()
    expect(page.get_by_text("Pair saved and locked.")).to_be_visible()
    assert round_.pairs.get().trainee == trainee


def test_mentor_finds_meeting_to_confirm_and_next_meeting(live_server, page, cohort):
    profile = MentorProfileFactory()
    trainee = EnrolmentFactory(
        cohort=cohort, trainee=UserFactory(first_name="Rui")
    ).trainee
    pair = PairFactory(
        round=PairingRoundFactory(cohort=cohort),
        trainee=trainee,
        mentor=profile,
        status=PairStatus.ACTIVE,
    )
    MentorMeetingFactory(pair=pair)
    PlannedMeeting.objects.create(
        pair=pair,
        proposed_by=trainee,
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    _home(page, live_server.url, profile.user.email, "mentor")
    expect(page.locator("#role-mentor")).to_contain_text("Next meeting")
    expect(page.locator("#role-mentor")).not_to_contain_text("None planned")
    page.get_by_role("link", name="Confirm or dispute").click()
    expect(page.get_by_role("heading", name="Mentee")).to_be_visible()
    expect(page.get_by_role("button", name="Confirm").first).to_be_visible()
    expect(page.get_by_role("heading", name="Next meetings")).to_be_visible()
    expect(
        page.get_by_role("button", name=re.compile("Cancel this meeting"))
    ).to_be_visible()
    page.get_by_text("Plan a meeting").click()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/pair-page.png", full_page=True)
    assert_accessible(page, context="mentor's pair page with a planned meeting")


def test_supervisor_signs_off_from_home(live_server, page, cohort):
    supervisor = SupervisorFactory()
    site = PracticumSiteFactory(supervisors=[supervisor])
    trainee = EnrolmentFactory(cohort=cohort).trainee
    log = PracticumLogFactory(
        placement=PlacementFactory(site=site, cohort=cohort, trainee=trainee)
    )
    _home(page, live_server.url, supervisor.email, "supervisor")
    page.locator(f"#log-{log.pk}").check()
    page.get_by_role("button", name="Sign off the ticked logs").click()
    expect(page.get_by_text("1 log signed off.")).to_be_visible()


def test_staff_opens_a_queue_in_the_admin(live_server, page, cohort):
    staff = UserFactory(is_staff=True, is_superuser=True)
    ApplicationFactory(cohort=cohort)
    _home(page, live_server.url, staff.email, "staff")
    page.get_by_role("link", name="Applications to decide").first.click()
    expect(page).to_have_url(re.compile(r"/admin/cohort_application_admin/"))
