"""Query budgets of each role's home (/dashboard/ for a trainer, mentor,
supervisor and staff member; issue 18): the same number of queries at 1x and
10x data, and at most GOAL (12), or for a part not there yet its count today
(BUDGETS). The trainee's home is in test_query_budgets.py.

Counted on the second request of a fresh client (the first warms per-process
caches such as Wagtail's site, and the quarter-hour cache of the trainer's
at-risk counts); the trainer's cold visit is pinned separately."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.models import CohortStatus
from kaptraining.mentorship.models import PlannedMeeting, Recommendation
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    LedgerEntryFactory,
    UserFactory,
    make_program,
)
from tests.factories.cohorts import ApplicationFactory, LiveSessionFactory
from tests.factories.credits import ExternalHoursClaimFactory
from tests.factories.directory import ListingFactory
from tests.factories.mentorship import (
    FocusAreaFactory,
    MentorMeetingFactory,
    MentorProfileFactory,
    PairFactory,
    PairingRoundFactory,
    TraineePreferenceFactory,
)
from tests.factories.practicums import (
    PlacementFactory,
    PracticumLogFactory,
    PracticumSiteFactory,
    SupervisorFactory,
)

pytestmark = pytest.mark.django_db

GOAL = 12
BUDGETS = {
    # 10 of these are the credits progress function (program_progress_many:
    # enrolments, extensions, ledger, pending claims, requirement settings
    # and sign-offs, the program's quiz checks, category requirements), run
    # once for all mentees of a program, as the brief asks (never recomputed);
    # the rest are the session's user, the mentor's profile, pairs and planned
    # meetings (the site, settings and staff-only user bar are cached, issue 19).
    "mentor": 14,
}
# A trainer's first visit in a quarter of an hour also runs the roster's
# at-risk rule once per cohort under way (cohorts.roster.cohort_roster), and
# refills the site, settings and progress caches a cleared cache lost.
TRAINER_COLD = 24


def _trainer(program, scale: int):
    trainer = UserFactory(is_trainer=True)
    cohort = CohortFactory(program=program, status=CohortStatus.IN_PROGRESS)
    cohort.trainers.add(trainer)
    PairingRoundFactory(cohort=cohort)
    site = PracticumSiteFactory()
    noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    for _ in range(3 * scale):
        trainee = EnrolmentFactory(cohort=cohort).trainee
        ExternalHoursClaimFactory(trainee=trainee, program=program)
        PracticumLogFactory(
            placement=PlacementFactory(site=site, cohort=cohort, trainee=trainee)
        )
        LedgerEntryFactory(trainee=trainee, program=program)
    for _ in range(scale):
        LiveSessionFactory(cohort=cohort, starts_at=noon)
    return trainer


def _mentor(program, scale: int):
    profile = MentorProfileFactory(capacity=20)
    cohort = CohortFactory(program=program)
    round_ = PairingRoundFactory(cohort=cohort)
    focus = FocusAreaFactory()
    for i in range(2 * scale):
        trainee = EnrolmentFactory(cohort=cohort).trainee
        TraineePreferenceFactory(round=round_, trainee=trainee, focus_areas=[focus])
        pair = PairFactory(round=round_, trainee=trainee, mentor=profile)
        MentorMeetingFactory(pair=pair)
        LedgerEntryFactory(trainee=trainee, program=program)
        PlannedMeeting.objects.create(
            pair=pair,
            proposed_by=trainee,
            starts_at=timezone.now() + datetime.timedelta(days=i + 1),
        )
        if i % 2:
            Recommendation.objects.create(
                pair=pair, recommendation="recommend", statement="Ready."
            )
    return profile.user


def _supervisor(program, scale: int):
    supervisor = SupervisorFactory()
    cohort = CohortFactory(program=program)
    site = PracticumSiteFactory(supervisors=[supervisor])
    for _ in range(3 * scale):
        trainee = EnrolmentFactory(cohort=cohort).trainee
        PracticumLogFactory(
            placement=PlacementFactory(site=site, cohort=cohort, trainee=trainee)
        )
    return supervisor


def _staff(program, scale: int):
    cohort = CohortFactory(program=program)
    for _ in range(3 * scale):
        ApplicationFactory(cohort=cohort)
        ExternalHoursClaimFactory(trainee=UserFactory(), program=program)
        ListingFactory()
    return UserFactory(is_staff=True)


WORLDS = {
    "trainer": _trainer,
    "mentor": _mentor,
    "supervisor": _supervisor,
    "staff": _staff,
}


def _count(person, *, cold: bool = False) -> int:
    client = Client()
    client.force_login(person)
    assert client.get(reverse("dashboard")).status_code == 200
    if cold:
        cache.clear()  # as a quarter of an hour later
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert f'id="role-{response.context["roles"][0]}"' in response.content.decode()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", sorted(WORLDS))
def test_role_home_query_budget_constant_at_1x_and_10x(home_page, role):
    program = make_program(home_page)
    one = _count(WORLDS[role](program, 1))
    ten = _count(WORLDS[role](program, 10))
    budget = BUDGETS.get(role, GOAL)
    assert one == ten, f"{role} home: {one} queries at 1x, {ten} at 10x"
    assert one <= budget, f"{role} home: {one} queries, budget {budget}"


def test_trainer_home_cold_visit_is_constant_too(home_page):
    program = make_program(home_page)
    small, large = _trainer(program, 1), _trainer(program, 10)
    one = _count(small, cold=True)
    ten = _count(large, cold=True)
    assert one == ten <= TRAINER_COLD, (one, ten)
