import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tests.factories import CohortFactory, EnrolmentFactory
from tests.factories.practicums import (
    PlacementFactory,
    PracticumSiteFactory,
    SiteCapacityFactory,
    SupervisorFactory,
)


@dataclass
class Setting:
    program: object
    cohort: object
    trainee: object
    supervisor: object
    site: object
    placement: object


@pytest.fixture
def practicum(program):
    """A trainee with a confirmed placement at a site with one supervisor."""
    cohort = CohortFactory(
        program=program,
        start_date=timezone.localdate() - datetime.timedelta(days=90),
        end_date=timezone.localdate() + datetime.timedelta(days=270),
    )
    trainee = EnrolmentFactory(cohort=cohort).trainee
    supervisor = SupervisorFactory()
    site = PracticumSiteFactory(supervisors=[supervisor])
    SiteCapacityFactory(site=site, cohort=cohort, places=3)
    placement = PlacementFactory(site=site, cohort=cohort, trainee=trainee)
    return Setting(program, cohort, trainee, supervisor, site, placement)


def log_data(**overrides):
    data = {
        "session_date": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "minutes": "150",
        "phase": "dosing",
        "route": "sublingual",
        "role": "observer",
        "reflection": "The therapist's pacing during onset helped the client settle.",
    }
    data.update(overrides)
    return data
