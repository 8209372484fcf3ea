"""Hours, attendance, payments and certificates are append-only in PostgreSQL
itself (django-pgtrigger): a raw UPDATE of what they record, or any DELETE,
fails, while the product's own corrections still work."""

import pytest
from django.db import DatabaseError, connection, transaction

from cohorts.attendance import attendance_mark
from cohorts.models import Attendance
from kaptraining.certificates.models import Certificate, CertificateStatus
from kaptraining.certificates.services import (
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
)
from kaptraining.credits.models import LedgerEntry
from kaptraining.credits.services import ledger_credit, ledger_reverse
from kaptraining.payments.models import Payment, PaymentStatus, Refund
from kaptraining.payments.services import payment_start
from kaptraining.payments.services.checkout import payment_succeed
from kaptraining.payments.services.refunds import refund_create
from tests.conftest import service_or_skip
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory
from tests.factories.certificates import make_eligible
from tests.factories.cohorts import LiveSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql():
    service_or_skip("PostgreSQL", connection.vendor == "postgresql")


def refused(sql: str, params=()) -> bool:
    """Run raw SQL in a savepoint; True when the database refuses it."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except DatabaseError as exc:
        assert "pgtrigger: Cannot" in str(exc), exc
        return True
    return False


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@pytest.fixture
def entry(program):
    credited, _created = ledger_credit(
        trainee=UserFactory(),
        program=program,
        category="didactic",
        minutes=60,
        source="adjustment",
        source_id="one",
        description="Dosing session observation",
    )
    return credited


def test_ledger_raw_update_and_delete_are_refused(entry):
    t = table(LedgerEntry)
    assert refused(f"UPDATE {t} SET minutes = 600 WHERE id = %s", [entry.pk])
    assert refused(f"DELETE FROM {t} WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(minutes=600)
    entry.refresh_from_db()
    assert entry.minutes == 60


def test_ledger_reversal_still_works(entry):
    staff = UserFactory(is_staff=True)
    reversal = ledger_reverse(entry=entry, reason="Logged twice", by=staff)
    assert reversal.minutes == -60
    assert LedgerEntry.objects.count() == 2


@pytest.fixture
def marked(program):
    cohort = CohortFactory(program=program)
    trainer = UserFactory(is_trainer=True)
    cohort.trainers.add(trainer)
    enrolment = EnrolmentFactory(cohort=cohort)
    session = LiveSessionFactory(cohort=cohort, credited_minutes=120)
    row, _changed = attendance_mark(
        session=session, enrolment=enrolment, status="present", minutes=None, by=trainer
    )
    return row, trainer


def test_attendance_raw_changes_are_refused(marked):
    row, _trainer = marked
    t = table(Attendance)
    assert refused(f"UPDATE {t} SET status = 'absent' WHERE id = %s", [row.pk])
    assert refused(f"UPDATE {t} SET credited_minutes = 999 WHERE id = %s", [row.pk])
    assert refused(f"UPDATE {t} SET ledger_entry_id = NULL WHERE id = %s", [row.pk])
    assert refused(f"DELETE FROM {t} WHERE id = %s", [row.pk])


def test_attendance_correction_supersedes_and_cannot_be_undone(marked):
    row, trainer = marked
    corrected, changed = attendance_mark(
        session=row.session,
        enrolment=row.enrolment,
        status="left_early",
        minutes=60,
        by=trainer,
    )
    assert changed and corrected.pk != row.pk
    row.refresh_from_db()
    assert row.is_current is False
    # The old row cannot be made current again behind the service's back.
    t = table(Attendance)
    assert refused(f"UPDATE {t} SET is_current = true WHERE id = %s", [row.pk])


@pytest.fixture
def paid(program, settings):
    settings.PAYMENTS_BACKEND = "offline"
    enrolment = EnrolmentFactory(
        cohort=CohortFactory(program=program), status="pending_payment"
    )
    payment, _url = payment_start(
        enrolment=enrolment, success_url="http://x/", cancel_url="http://x/"
    )
    return payment_succeed(payment_id=payment.pk)


def test_payment_raw_changes_are_refused(paid):
    t = table(Payment)
    assert refused(f"UPDATE {t} SET amount_cents = 1 WHERE id = %s", [paid.pk])
    assert refused(
        f"UPDATE {t} SET enrolment_id = enrolment_id + 1 WHERE id = %s", [paid.pk]
    )
    assert refused(
        f"UPDATE {t} SET paid_at = now() - interval '1 day' WHERE id = %s", [paid.pk]
    )
    assert refused(f"DELETE FROM {t} WHERE id = %s", [paid.pk])


def test_refund_flow_still_works_and_refunds_are_kept(paid):
    staff = UserFactory(is_staff=True)
    assert paid.status == PaymentStatus.SUCCEEDED
    refund = refund_create(
        payment_id=paid.pk,
        amount_cents=1000,
        reason="Withdrew in the first week",
        withdraw=False,
        staff=staff,
    )
    paid.refresh_from_db()
    assert paid.refunded_cents == 1000
    t, r = table(Payment), table(Refund)
    assert refused(f"UPDATE {t} SET refunded_cents = 0 WHERE id = %s", [paid.pk])
    assert refused(f"UPDATE {r} SET amount_cents = 5 WHERE id = %s", [refund.pk])
    assert refused(f"DELETE FROM {r} WHERE id = %s", [refund.pk])


@pytest.fixture
def certificate(program):
    cohort = CohortFactory(program=program)
    trainee = UserFactory()
    make_eligible(trainee, program, cohort=cohort)
    issued, _created = certificate_issue(trainee=trainee, program=program)
    return issued


def test_certificate_raw_changes_are_refused(certificate):
    t = table(Certificate)
    assert refused(
        f"UPDATE {t} SET holder_name = 'Someone Else' WHERE id = %s", [certificate.pk]
    )
    assert refused(
        f"UPDATE {t} SET issued_at = issued_at - interval '1 year' WHERE id = %s",
        [certificate.pk],
    )
    assert refused(
        f"UPDATE {t} SET award_title = 'Master trainer' WHERE id = %s", [certificate.pk]
    )
    assert refused(f"DELETE FROM {t} WHERE id = %s", [certificate.pk])


def test_certificate_revocation_works_and_cannot_be_undone(certificate):
    certificate_revoke(certificate=certificate, reason="Licence surrendered")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    t = table(Certificate)
    assert refused(
        f"UPDATE {t} SET status = 'valid', status_reason = '' WHERE id = %s",
        [certificate.pk],
    )


def test_certificate_reissue_still_works(certificate):
    successor = certificate_reissue(certificate=certificate, reason="Name change")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.SUPERSEDED
    assert certificate.superseded_by == successor
    t = table(Certificate)
    assert refused(
        f"UPDATE {t} SET superseded_by_id = NULL WHERE id = %s", [certificate.pk]
    )


def test_instance_delete_is_refused_on_every_database(entry, certificate, marked):
    from django.core.exceptions import ValidationError

    for obj in (entry, certificate, marked[0]):
        with pytest.raises(ValidationError):
            obj.delete()
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    assert Attendance.objects.filter(pk=marked[0].pk).exists()
