"""After certification the dashboard is the practitioner's home (issue 15): the
certificate with its PDF, badge and LinkedIn links, directory status, CE earned
and what renewal asks by when; no study prompts."""

import zoneinfo

import pytest
from django.urls import reverse

from kaptraining.certificates.services import certificate_issue
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.certificates import (
    ProgramCertificateSettingsFactory,
    make_eligible,
)

pytestmark = pytest.mark.django_db


def test_certified_practitioner_sees_their_home_not_a_study_plan(client, program):
    ProgramCertificateSettingsFactory(
        program=program, validity_years=2, renewal_ce_hours=20
    )
    cohort = CohortFactory(program=program)
    trainee = UserFactory(first_name="Ana")
    make_eligible(trainee, program, cohort=cohort)
    certificate, _ = certificate_issue(trainee=trainee, program=program)
    client.force_login(trainee)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Certified" in page
    assert "Continue studying" not in page
    assert "Choose your electives" not in page
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in page
    assert "certId=" + certificate.number in page
    assert reverse("certificates:verify", args=[certificate.number]) in page
    assert "Continuing education since certification" in page
    assert "Earn 20 hours of continuing education before" in page
    # The page shows the date in the trainee's time zone (the UTC date differs
    # for a few hours after midnight UTC).
    expires = certificate.expires_at.astimezone(zoneinfo.ZoneInfo(trainee.timezone))
    assert expires.strftime("%b %-d, %Y") in page


def test_a_trainee_still_studying_keeps_the_study_plan(client, program):
    enrolment = EnrolmentFactory(cohort=CohortFactory(program=program))
    client.force_login(enrolment.trainee)

    page = client.get(reverse("dashboard")).content.decode()

    assert "Continue studying" in page
    assert "Add to LinkedIn profile" not in page


def test_the_roster_calls_a_certified_trainee_certified_not_on_track(client, program):
    cohort = CohortFactory(program=program)
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    certified = UserFactory(last_name="Aalto")
    make_eligible(certified, program, cohort=cohort)
    certificate_issue(trainee=certified, program=program)
    client.force_login(trainer)

    page = client.get(reverse("cohorts:manage", args=[cohort.pk])).content.decode()
    row = page[page.index("Aalto") :].split("</tr>")[0]

    assert "Certified" in row
    assert "On track" not in row
