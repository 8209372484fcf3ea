"""Who may see a trainee's records: one rule (accounts.relationships), fed by
the apps that own each relationship. A relationship opens only its own kind
of record: a mentor or a practicum supervisor does not see a trainee's
hours; a trainer of the trainee's cohort does."""

import pytest
from django.urls import reverse

from kaptraining.accounts.relationships import (
    HOURS,
    MENTORSHIP,
    PRACTICUM,
    STUDY,
    may_decide_for_trainee,
    may_view_trainee,
    relationships_between,
)
from kaptraining.core.models import organisation_settings
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.mentorship import (
    MentorProfileFactory,
    PairFactory,
    PairingRoundFactory,
)
from tests.factories.practicums import (
    PlacementFactory,
    PracticumSiteFactory,
    SupervisorFactory,
)

pytestmark = pytest.mark.django_db
RECORDS = (HOURS, STUDY, MENTORSHIP, PRACTICUM)


@pytest.fixture
def trainee(program):
    return EnrolmentFactory(cohort=CohortFactory(program=program)).trainee


def _pair(trainee, mentor):
    cohort = trainee.enrolments.get().cohort
    return PairFactory(
        trainee=trainee, mentor=mentor, round=PairingRoundFactory(cohort=cohort)
    )


def _opens(user, trainee) -> set[str]:
    return {r for r in RECORDS if may_view_trainee(user, trainee, record=r)}


def test_trainee_and_staff_see_everything_strangers_nothing(trainee):
    assert _opens(trainee, trainee) == set(RECORDS)
    assert _opens(UserFactory(is_staff=True), trainee) == set(RECORDS)
    assert _opens(UserFactory(), trainee) == set()
    assert _opens(UserFactory(is_staff=True, is_active=False), trainee) == set()


def test_trainer_of_the_trainees_cohort_sees_hours_and_study(trainee, program):
    trainer = UserFactory(is_trainer=True)
    other_cohort = CohortFactory(program=program)
    other_cohort.trainers.add(trainer)
    assert _opens(trainer, trainee) == set()

    trainee.enrolments.get().cohort.trainers.add(trainer)

    # cohorts also registers "trainer_decides" (issue 18): the trainer of an
    # active cohort decides on hours and logs while the organisation allows it.
    assert relationships_between(trainer, trainee) == ["trainer", "trainer_decides"]
    assert _opens(trainer, trainee) == {HOURS, STUDY}
    assert may_decide_for_trainee(trainer, trainee)
    organisation = organisation_settings()
    organisation.trainers_decide = False
    organisation.save()
    assert relationships_between(trainer, trainee) == ["trainer"]
    assert not may_decide_for_trainee(trainer, trainee)
    assert _opens(trainer, trainee) == {HOURS, STUDY}


def test_mentor_sees_mentorship_only(trainee):
    mentor = MentorProfileFactory()
    _pair(trainee, mentor)

    assert relationships_between(mentor.user, trainee) == ["mentor"]
    assert _opens(mentor.user, trainee) == {MENTORSHIP}


def test_site_supervisor_sees_practicum_only(trainee):
    supervisor = SupervisorFactory()
    site = PracticumSiteFactory(supervisors=[supervisor])
    cohort = trainee.enrolments.get().cohort
    PlacementFactory(trainee=trainee, site=site, cohort=cohort)

    assert relationships_between(supervisor, trainee) == ["supervisor"]
    assert _opens(supervisor, trainee) == {PRACTICUM}


def test_transcript_follows_the_rule(client, trainee):
    mentor = MentorProfileFactory()
    _pair(trainee, mentor)
    trainer = UserFactory(is_trainer=True)
    trainee.enrolments.get().cohort.trainers.add(trainer)
    url = reverse("credits:trainee_transcript", args=[trainee.pk])

    client.force_login(mentor.user)
    assert client.get(url).status_code == 404
    client.force_login(trainer)
    assert client.get(url).status_code == 200
