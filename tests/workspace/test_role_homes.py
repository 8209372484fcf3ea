"""Each role's part of /dashboard/: chosen by what the person is, with the
counts of what waits for them, in a number of queries that does not grow
with the data (each home at 1x and 10x)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.models import CohortStatus
from kaptraining.credits.models import ExternalHoursClaim
from kaptraining.practicums.models import LogStatus, PracticumLog
from kaptraining.workspace.roles import staff_counts
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.cohorts import ApplicationFactory, LiveSessionFactory
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

pytestmark = pytest.mark.django_db
NOT_ENROLLED = "You are not enrolled in a program yet"


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


# -- who sees which part ------------------------------------------------------


def test_new_account_sees_trainee_part_with_find_a_cohort(client):
    client.force_login(UserFactory())
    assert NOT_ENROLLED in _main(client.get(reverse("dashboard")))


@pytest.mark.parametrize(
    "flags",
    [
        {"is_trainer": True},
        {"is_mentor": True},
        {"is_supervisor": True},
        {"is_staff": True},
    ],
)
def test_role_holders_without_enrolment_do_not_see_trainee_invitation(client, flags):
    client.force_login(UserFactory(**flags))
    html = _main(client.get(reverse("dashboard")))
    assert NOT_ENROLLED not in html
    assert "role-" in html


def test_person_with_two_roles_sees_both_parts(client, program):
    person = UserFactory(is_trainer=True, is_supervisor=True)
    EnrolmentFactory(cohort=CohortFactory(program=program), trainee=person)
    client.force_login(person)
    html = _main(client.get(reverse("dashboard")))
    assert 'id="role-trainer"' in html
    assert 'id="role-supervisor"' in html
    assert 'id="role-trainee"' in html
    assert 'id="role-mentor"' not in html


# -- data for the query budgets -------------------------------------------------


def _trainer_world(program, trainer, n, cohort=None):
    if cohort is None:
        cohort = CohortFactory(program=program, status=CohortStatus.IN_PROGRESS)
        cohort.trainers.add(trainer)
    site = PracticumSiteFactory()
    for _ in range(n):
        enrolment = EnrolmentFactory(cohort=cohort)
        ExternalHoursClaimFactory(trainee=enrolment.trainee, program=program)
        placement = PlacementFactory(
            site=site, cohort=cohort, trainee=enrolment.trainee
        )
        PracticumLogFactory(placement=placement)
        LiveSessionFactory(
            cohort=cohort,
            starts_at=timezone.localtime().replace(
                hour=12, minute=0, second=0, microsecond=0
            ),
        )
    return cohort


def _mentor_world(program, mentor_profile, n):
    cohort = CohortFactory(program=program)
    round_ = PairingRoundFactory(cohort=cohort)
    for _ in range(n):
        trainee = EnrolmentFactory(cohort=cohort).trainee
        pair = PairFactory(round=round_, trainee=trainee, mentor=mentor_profile)
        MentorMeetingFactory(pair=pair)


def _supervisor_world(program, supervisor, n):
    cohort = CohortFactory(program=program)
    site = PracticumSiteFactory(supervisors=[supervisor])
    for _ in range(n):
        trainee = EnrolmentFactory(cohort=cohort).trainee
        PracticumLogFactory(
            placement=PlacementFactory(site=site, cohort=cohort, trainee=trainee)
        )


def _staff_world(program, n):
    cohort = CohortFactory(program=program)
    for _ in range(n):
        ApplicationFactory(cohort=cohort)
        ExternalHoursClaimFactory(trainee=UserFactory(), program=program)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["trainer", "mentor", "supervisor", "staff"])
def test_each_home_in_constant_queries_at_1x_and_10x(client, program, role):
    if role == "trainer":
        person = UserFactory(is_trainer=True)
        # The same cohorts grow (the at-risk rule costs a fixed number of
        # queries per cohort under way).
        cohort = _trainer_world(program, person, 0)
        grow = lambda n: _trainer_world(program, person, n, cohort)  # noqa: E731
    elif role == "mentor":
        profile = MentorProfileFactory(capacity=20)
        person = profile.user
        grow = lambda n: _mentor_world(program, profile, n)  # noqa: E731
    elif role == "supervisor":
        person = SupervisorFactory()
        grow = lambda n: _supervisor_world(program, person, n)  # noqa: E731
    else:
        person = UserFactory(is_staff=True)
        grow = lambda n: _staff_world(program, n)  # noqa: E731
    client.force_login(person)
    grow(2)
    _queries(client)  # warm caches (site settings, content types)
    one = _queries(client)
    grow(18)
    _queries(client)  # the first visit after a change fills the caches again
    ten = _queries(client)
    assert ten == one, f"{role}: {one} queries at 1x, {ten} at 10x"


# -- counts -------------------------------------------------------------------


def test_trainer_counts_only_own_cohorts(client, program):
    trainer = UserFactory(is_trainer=True)
    _trainer_world(program, trainer, 3)
    _trainer_world(program, UserFactory(is_trainer=True), 2)  # someone else's
    client.force_login(trainer)
    response = client.get(reverse("dashboard"))
    home = response.context["trainer"]
    assert home["claims"] == 3
    assert home["logs"] == 3
    assert len(home["today"]) == 3


def test_mentor_sees_mentees_and_meetings_to_confirm(client, program):
    profile = MentorProfileFactory(capacity=5)
    _mentor_world(program, profile, 2)
    client.force_login(profile.user)
    response = client.get(reverse("dashboard"))
    home = response.context["mentor"]
    assert len(home["pairs"]) == 2
    assert len(home["to_confirm"]) == 2
    html = _main(response)
    assert "Write a recommendation" in html
    assert home["pairs"][0].trainee.display_name in html


def test_mentor_pair_page_shows_the_mentee(client, program):
    profile = MentorProfileFactory()
    cohort = CohortFactory(program=program)
    trainee = EnrolmentFactory(cohort=cohort).trainee
    pair = PairFactory(
        round=PairingRoundFactory(cohort=cohort), trainee=trainee, mentor=profile
    )
    client.force_login(profile.user)
    html = _main(client.get(reverse("mentorship:pair", args=[pair.pk])))
    assert 'id="mentee-h"' in html
    assert 'id="mentor-h"' not in html
    assert trainee.email in html
    client.force_login(trainee)
    html = _main(client.get(reverse("mentorship:pair", args=[pair.pk])))
    assert 'id="mentor-h"' in html


def test_staff_counts_match_queues(program):
    _staff_world(program, 3)
    counts = {c.key: c.count for c in staff_counts()}
    assert counts["applications"] == 3
    assert counts["claims"] == ExternalHoursClaim.objects.count() == 3


def test_admin_dashboard_panel_shows_same_counts(client, program):
    _staff_world(program, 2)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/admin/").content.decode()
    assert "Waiting for staff" in html
    assert "Applications to decide" in html


# -- bulk sign-off ----------------------------------------------------------------


def test_bulk_sign_off_signs_each_ticked_log_of_my_sites(client, program):
    supervisor = SupervisorFactory()
    _supervisor_world(program, supervisor, 3)
    mine = list(PracticumLog.objects.order_by("pk"))
    other = PracticumLogFactory(
        placement=PlacementFactory(
            site=PracticumSiteFactory(), cohort=mine[0].placement.cohort
        )
    )
    client.force_login(supervisor)
    response = client.post(
        reverse("workspace:bulk_sign_off"),
        {"log": [mine[0].pk, mine[1].pk, other.pk]},
    )
    assert response.status_code == 302
    statuses = {log.pk: log.status for log in PracticumLog.objects.all()}
    assert statuses[mine[0].pk] == LogStatus.SIGNED_OFF
    assert statuses[mine[1].pk] == LogStatus.SIGNED_OFF
    assert statuses[mine[2].pk] == LogStatus.SUBMITTED  # not ticked
    assert statuses[other.pk] == LogStatus.SUBMITTED  # not my site


def test_bulk_sign_off_with_nothing_signable_is_400(client, program):
    supervisor = SupervisorFactory()
    other = PracticumLogFactory(
        placement=PlacementFactory(
            site=PracticumSiteFactory(), cohort=CohortFactory(program=program)
        )
    )
    client.force_login(supervisor)
    response = client.post(reverse("workspace:bulk_sign_off"), {"log": [other.pk]})
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.status == LogStatus.SUBMITTED
    response = client.post(reverse("workspace:bulk_sign_off"), {})
    assert response.status_code == 302


def test_bulk_sign_off_is_for_supervisors(client):
    client.force_login(UserFactory())
    assert client.post(reverse("workspace:bulk_sign_off"), {}).status_code == 404


# -- the admin door -------------------------------------------------------------


@pytest.mark.parametrize("flags", [{"is_trainer": True}, {}])
def test_non_staff_opening_admin_get_403_saying_what_to_do(client, flags):
    client.force_login(UserFactory(**flags))
    for path in ("/admin/", "/admin/pages/", "/django-admin/"):
        response = client.get(path)
        assert response.status_code == 403, path
        html = response.content.decode()
        assert "What you can do instead" in html
        assert reverse("dashboard") in html


def test_anonymous_opening_admin_goes_to_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
