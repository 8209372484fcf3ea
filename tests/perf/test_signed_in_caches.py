"""What signed-in pages read from the cache (issue 19) changes the moment its
rows do, and never passes from one trainee to another."""

import pytest
from django.urls import reverse

from kaptraining.core.models import OrganisationSettings, organisation_settings
from kaptraining.credits.services import ledger_credit
from kaptraining.curriculum.models import CoursePage, ModulePage
from tests.factories import CohortFactory, EnrolmentFactory, add_lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(program):
    return CohortFactory(program=program)


def _counted(client, trainee) -> int:
    client.force_login(trainee)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    (row,) = response.context["rows"]
    return row["progress"].counted_minutes


def _credit(trainee, program, minutes, key):
    ledger_credit(
        trainee=trainee,
        program=program,
        category="didactic",
        minutes=minutes,
        source="adjustment",
        source_id=key,
        description=f"Credit {key}",
    )


def test_dashboard_progress_changes_at_once_after_a_credit(client, program, cohort):
    trainee = EnrolmentFactory(cohort=cohort).trainee
    before = _counted(client, trainee)
    assert _counted(client, trainee) == before  # now from the cache

    _credit(trainee, program, 90, "late-credit")

    assert _counted(client, trainee) == before + 90


def test_two_trainees_never_share_cached_progress(client, program, cohort):
    ahead = EnrolmentFactory(cohort=cohort).trainee
    behind = EnrolmentFactory(cohort=cohort).trainee
    _credit(ahead, program, 120, "ahead")

    seen = [_counted(client, who) for who in (ahead, behind, ahead, behind)]

    assert seen == [120, 0, 120, 0]


def test_course_outline_shows_a_published_lesson_at_once(client, program, cohort):
    trainee = EnrolmentFactory(cohort=cohort).trainee
    course = CoursePage.objects.child_of(program).first()
    module = ModulePage.objects.child_of(course).first()
    client.force_login(trainee)
    assert "Integration circles" not in client.get(course.url).content.decode()

    add_lesson(module, title="Integration circles")

    assert "Integration circles" in client.get(course.url).content.decode()


def test_organisation_settings_change_shows_at_once(home_page):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    first = organisation_settings()
    assert organisation_settings().name == first.name  # cached

    settings = OrganisationSettings.for_site(site)
    settings.name = "Institute for KAP Training"
    settings.save()

    assert organisation_settings().name == "Institute for KAP Training"
