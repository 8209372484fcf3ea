"""Expiry, recertification with CE, reminders (daily, once each), and the
public directory following a certificate's status at once."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone

from kaptraining.certificates.models import (
    CertificateReminder,
    CertificateStatus,
)
from kaptraining.certificates.services import (
    certificate_issue,
    certificate_revoke,
    holder_zone,
)
from kaptraining.certificates.tasks import certificates_review_expiry
from kaptraining.credits.models import LedgerEntry
from kaptraining.directory.models import Listing
from tests.factories.certificates import ProgramCertificateSettingsFactory

pytestmark = pytest.mark.django_db


def _issued_days_ago(clock, days, **kwargs):
    """Issue a certificate as it was `days` ago: the clock goes back for the
    issue and forward again (issue dates are never rewritten afterwards)."""
    clock.advance(days=-days)
    certificate, _ = certificate_issue(**kwargs)
    clock.advance(days=days)
    mail.outbox.clear()
    return certificate


@pytest.fixture
def expiring(program, eligible_trainee, clock):
    """A certificate valid for 2 years, renewable with 10 CE hours, now 30 days
    from expiry (inside the 60-day reminder window)."""
    ProgramCertificateSettingsFactory(
        program=program, validity_years=2, renewal_ce_hours=10, reminder_days=60
    )
    return _issued_days_ago(
        clock, 2 * 365 - 30, trainee=eligible_trainee, program=program
    )


def _log_ce(trainee, program, minutes, on):
    LedgerEntry.objects.create(
        trainee=trainee,
        program=program,
        category="elective",
        minutes=minutes,
        source="external",
        source_id=f"ce-{minutes}-{on}",
        description="CE workshop",
        earned_on=on,
    )


def test_review_expiry_sends_one_reminder_however_often_it_runs(expiring, committed):
    with committed():
        first = certificates_review_expiry.delay().get()
    with committed():
        second = certificates_review_expiry.delay().get()

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1
    assert "expires on" in mail.outbox[0].subject
    assert "log 10 hours of continuing education" in mail.outbox[0].body
    assert CertificateReminder.objects.filter(certificate=expiring).count() == 1


def test_review_expiry_outside_window_does_nothing(
    program, eligible_trainee, clock, committed
):
    ProgramCertificateSettingsFactory(
        program=program, validity_years=2, renewal_ce_hours=10, reminder_days=60
    )
    _issued_days_ago(clock, 2 * 365 - 90, trainee=eligible_trainee, program=program)

    with committed():
        assert certificates_review_expiry.delay().get() == 0
    assert mail.outbox == []


def test_review_expiry_with_required_ce_logged_recertifies(
    expiring, program, committed
):
    old_expiry = expiring.expires_at
    _log_ce(
        expiring.trainee,
        program,
        6 * 60,
        timezone.localdate() - datetime.timedelta(days=100),
    )
    _log_ce(
        expiring.trainee,
        program,
        4 * 60,
        timezone.localdate() - datetime.timedelta(days=10),
    )

    with committed():
        assert certificates_review_expiry.delay().get() == 1

    expiring.refresh_from_db()
    assert expiring.status == CertificateStatus.SUPERSEDED
    assert "Recertified" in expiring.status_reason
    renewed = expiring.superseded_by
    assert renewed.status == CertificateStatus.VALID
    # Recertifying early keeps the remaining time: two years from the old expiry.
    assert renewed.expires_at == old_expiry + relativedelta(years=2)
    assert renewed.credential and renewed.pdf
    assert len(mail.outbox) == 1 and renewed.number in mail.outbox[0].body


def test_review_expiry_ce_logged_before_issue_does_not_count(
    expiring, program, committed
):
    issued_on = timezone.localdate(expiring.issued_at, holder_zone(expiring))
    _log_ce(
        expiring.trainee,
        program,
        10 * 60,
        issued_on - datetime.timedelta(days=1),
    )

    with committed():
        certificates_review_expiry.delay().get()

    expiring.refresh_from_db()
    assert expiring.status == CertificateStatus.VALID
    assert "expires on" in mail.outbox[0].subject


def test_review_expiry_walks_batches(program, eligible_trainee, expiring):
    # A batch size of 1 with a single due certificate still finishes (no endless chain).
    assert certificates_review_expiry.delay(0, 1).get() == 1
    assert CertificateReminder.objects.count() == 1


# --- the public directory follows the certificate ---------------------------------


@pytest.fixture
def listed(program, eligible_trainee):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    Listing.objects.create(
        user=eligible_trainee,
        display_name="Maria Delgado, PsyD",
        profession="psychologist",
        status="approved",
    )
    assert Listing.objects.published().filter(user=eligible_trainee).exists()
    return certificate


def test_revocation_removes_holder_from_directory_at_once(listed):
    certificate_revoke(certificate=listed, reason="Licence surrendered")

    assert not Listing.objects.published().filter(user=listed.trainee).exists()


def test_expiry_removes_holder_from_directory_at_once(program, eligible_trainee, clock):
    ProgramCertificateSettingsFactory(program=program, validity_years=1)
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    Listing.objects.create(
        user=eligible_trainee,
        display_name="Maria Delgado, PsyD",
        profession="psychologist",
        status="approved",
    )
    clock.advance(
        seconds=(certificate.expires_at - timezone.now()).total_seconds() - 60
    )
    assert Listing.objects.published().filter(user=eligible_trainee).exists()

    clock.advance(minutes=1, seconds=1)

    assert not Listing.objects.published().filter(user=eligible_trainee).exists()
