"""Fixtures for certificate tests."""

import pytest

from tests.factories import CohortFactory, UserFactory
from tests.factories.certificates import make_eligible


@pytest.fixture
def cohort(program):
    return CohortFactory(program=program)


@pytest.fixture
def eligible_trainee(program, cohort):
    trainee = UserFactory(
        first_name="Maria", last_name="Delgado", certificate_name="Maria Delgado, PsyD"
    )
    make_eligible(trainee, program, cohort=cohort)
    return trainee
