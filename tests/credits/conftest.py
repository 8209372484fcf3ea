"""Helpers for credits tests: a program with a cohort and an enrolled trainee."""

import datetime

import pytest

from tests.factories import CohortFactory, EnrolmentFactory, UserFactory, make_program


@pytest.fixture
def setup(home_page):
    """A 3-hour program (didactic ≥ 2 h, ethics ≥ 1 h) and one enrolled trainee
    whose cohort started 30 days ago in New York."""
    program = make_program(home_page, lessons=0)
    cohort = CohortFactory(
        program=program,
        start_date=datetime.date.today() - datetime.timedelta(days=30),
        timezone="America/New_York",
    )
    enrolment = EnrolmentFactory(cohort=cohort)
    return Setup(
        program=program, cohort=cohort, enrolment=enrolment, trainee=enrolment.trainee
    )


class Setup:
    def __init__(self, **kw):
        self.__dict__.update(kw)


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)


def credit(trainee, program, category="didactic", minutes=60, source_id=None, **kw):
    from kaptraining.credits.services import ledger_credit

    credit.counter += 1
    entry, _created = ledger_credit(
        trainee=trainee,
        program=program,
        category=category,
        minutes=minutes,
        source="adjustment",
        source_id=source_id or f"t{credit.counter}",
        description=f"{category} credit",
        **kw,
    )
    return entry


credit.counter = 0
