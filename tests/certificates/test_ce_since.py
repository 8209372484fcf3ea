"""CE since certification (certificates.services.ce_minutes_since): only
continuing-education credit earned after the certificate was issued counts
towards renewal, corrections respected; the practitioner's home, the expiry
reminder and automatic recertification all ask the one function."""

import datetime
import decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from kaptraining.ce.models import ActivityProfile
from kaptraining.certificates.services import (
    ce_minutes_since,
    certificate_issue,
    holder_zone,
)
from kaptraining.core.categories import Category
from kaptraining.credits.ce import (
    ce_attendance_verify,
    ce_evaluation_submit,
    ce_participation_open,
)
from kaptraining.credits.models import CECertificate, CECertificateStatus, Source
from kaptraining.credits.services import ledger_credit, ledger_reverse
from tests.factories import UserFactory
from tests.factories.certificates import ProgramCertificateSettingsFactory
from tests.factories.credits import (
    CEActivityCreditFactory,
    CEActivityFactory,
    CEApprovalFactory,
)

pytestmark = pytest.mark.django_db

EVALUATION = {"objectives": "5", "presenter": "5", "relevance": "5", "bias": "no"}


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


@pytest.fixture
def certified(program, eligible_trainee):
    """A practitioner certified today, renewable with 20 CE hours."""
    ProgramCertificateSettingsFactory(
        program=program, validity_years=2, renewal_ce_hours=20
    )
    certificate, _created = certificate_issue(trainee=eligible_trainee, program=program)
    return certificate


def since(certificate) -> int:
    return ce_minutes_since(
        trainee_id=certificate.trainee_id, since=certificate.issued_at
    )


def award_ce(trainee, staff, *, hours="3", ended_days_ago=0, ledger_program=None):
    """A psychologist attends a whole CE webinar (APA credit) and evaluates
    it: the CE services award the certificate. With `ledger_program`, the
    activity also credits its hours to that program's ledger."""
    end = timezone.localdate() - datetime.timedelta(days=ended_days_ago)
    activity = CEActivityFactory(start_date=end, end_date=end, contact_minutes=180)
    CEActivityCreditFactory(
        activity=activity,
        approval=CEApprovalFactory(body="apa"),
        credit_hours=decimal.Decimal(hours),
    )
    if ledger_program is not None:
        activity.program = ledger_program
        activity.save()
        ActivityProfile.objects.create(
            activity=activity, ledger_category=Category.ELECTIVE
        )
    participation = ce_participation_open(activity=activity, trainee=trainee)
    ce_attendance_verify(
        participation_id=participation.pk, attended_minutes=180, by=staff
    )
    ce_evaluation_submit(participation_id=participation.pk, answers=EVALUATION)
    return CECertificate.objects.get(participation=participation)


def credit(trainee, program, *, source, minutes, key, on=None):
    entry, _created = ledger_credit(
        trainee=trainee,
        program=program,
        category=Category.ELECTIVE,
        minutes=minutes,
        source=source,
        source_id=key,
        description="Credit",
        earned_on=on or timezone.localdate(),
    )
    return entry


def test_study_hours_after_certification_are_not_ce(certified, program):
    # Lessons and sessions the practitioner still takes are program study.
    credit(certified.trainee, program, source=Source.LESSON, minutes=600, key="l1")
    credit(certified.trainee, program, source=Source.ATTENDANCE, minutes=90, key="a1")

    assert since(certified) == 0


def test_a_ce_award_after_certification_counts_its_credit(certified, staff):
    award_ce(certified.trainee, staff, hours="3")

    assert since(certified) == 180


def test_ce_completed_before_certification_does_not_count(certified, staff):
    award_ce(certified.trainee, staff, hours="3", ended_days_ago=10)

    assert since(certified) == 0


def test_a_revoked_ce_certificate_counts_nothing(certified, staff):
    awarded = award_ce(certified.trainee, staff, hours="3")
    awarded.status = CECertificateStatus.REVOKED
    awarded.status_reason = "Attendance record was wrong."
    awarded.save(update_fields=["status", "status_reason"])

    assert since(certified) == 0


def test_outside_ce_counts_until_it_is_reversed(certified, program, staff):
    credit(certified.trainee, program, source=Source.EXTERNAL, minutes=240, key="c1")
    wrong = credit(
        certified.trainee, program, source=Source.EXTERNAL, minutes=120, key="c2"
    )
    assert since(certified) == 360

    ledger_reverse(entry=wrong, reason="Not an approved provider.", by=staff)

    assert since(certified) == 240


def test_ce_credited_to_the_ledger_counts_once(certified, program, staff):
    award_ce(certified.trainee, staff, hours="2", ledger_program=program)

    assert certified.trainee.ledger_entries.filter(source=Source.CE_ACTIVITY).exists()
    assert since(certified) == 120


def test_the_practitioners_home_shows_ce_not_study(client, certified, program, staff):
    credit(certified.trainee, program, source=Source.LESSON, minutes=600, key="l1")
    # Completed on the holder's calendar day, the day their page is shown in.
    with timezone.override(holder_zone(certified)):
        award_ce(certified.trainee, staff, hours="3")
    client.force_login(certified.trainee)

    page = client.get(reverse("dashboard")).content.decode()
    facts = page[page.index("Continuing education since certification") :]

    assert "<dd>3 hours</dd>" in facts.replace("\n", "")[:200]
    assert "(17 hours to go)" in facts


def test_ce_on_the_local_day_of_issue_counts_when_utc_is_a_day_ahead(
    program, eligible_trainee, staff
):
    # 03:00 UTC is the previous evening in the site's time zone: CE completed
    # that local day was earned after the certificate, not before it.
    evening = datetime.datetime(2026, 6, 10, 3, 0, tzinfo=datetime.UTC)
    with (
        time_machine.travel(evening, tick=False),
        timezone.override(ZoneInfo("America/Los_Angeles")),
    ):
        assert timezone.localdate() == datetime.date(2026, 6, 9)
        certificate, _created = certificate_issue(
            trainee=eligible_trainee, program=program
        )
        award_ce(eligible_trainee, staff, hours="3")

        assert since(certificate) == 180
