"""The trainee's dashboard: progress by category from their credited hours."""

import pytest
from django.urls import reverse

from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    lessons_of,
)
from tests.factories.study import studied_as

pytestmark = pytest.mark.django_db


def test_dashboard_shows_hours_by_category(client, program):
    enrolment = EnrolmentFactory(cohort=CohortFactory(program=program))
    client.force_login(enrolment.trainee)
    studied_as(client, lessons_of(program)[0])
    client.post(reverse("cohorts:complete_lesson", args=[lessons_of(program)[0].pk]))

    html = client.get(reverse("dashboard")).content.decode()

    assert "1 / 3 hours" in html  # overall
    assert "1 / 2 hours" in html  # didactic minimum
    assert "0 / 1 hours" in html  # ethics minimum
    assert "2 more hours in total" in html
