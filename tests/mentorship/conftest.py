from dataclasses import dataclass

import pytest

from tests.factories import CohortFactory, EnrolmentFactory
from tests.factories.mentorship import MentorProfileFactory, PairingRoundFactory


@dataclass
class Round:
    program: object
    cohort: object
    round: object
    trainees: list
    mentors: list


@pytest.fixture
def pairing(program):
    """A cohort of four trainees, an open round and two mentors of capacity 2."""
    cohort = CohortFactory(program=program)
    trainees = [EnrolmentFactory(cohort=cohort).trainee for _ in range(4)]
    mentors = [MentorProfileFactory(capacity=2), MentorProfileFactory(capacity=2)]
    return Round(program, cohort, PairingRoundFactory(cohort=cohort), trainees, mentors)
