"""Issuance: idempotent, only when earned, blocked by holds; reissue and revoke
keep every row; cohort batches walk the roster with a cursor."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from kaptraining.certificates.models import (
    Certificate,
    CertificateHold,
    CertificateStatus,
    program_award_key,
)
from kaptraining.certificates.services import (
    CertificateError,
    certificate_hold_place,
    certificate_hold_release,
    certificate_issue,
    certificate_reissue,
    certificate_reissue_request,
    certificate_revoke,
)
from kaptraining.certificates.tasks import (
    certificate_issue_award_task,
    certificates_issue_for_cohort,
)
from tests.factories import EnrolmentFactory, UserFactory
from tests.factories.certificates import (
    CertificateFactory,
    ProgramCertificateSettingsFactory,
    make_eligible,
)

pytestmark = pytest.mark.django_db


def test_certificate_issue_eligible_trainee_gets_pdf_credential_and_one_email(
    program, eligible_trainee, committed
):
    with committed():
        certificate, created = certificate_issue(
            trainee=eligible_trainee, program=program
        )

    assert created
    assert certificate.status == CertificateStatus.VALID
    assert certificate.award_key == program_award_key(program.pk)
    assert certificate.holder_name == "Maria Delgado, PsyD"
    assert certificate.hours_minutes == 180
    assert certificate.pdf.read()[:5] == b"%PDF-"
    assert certificate.credential["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert certificate.notified_at is not None
    assert len(mail.outbox) == 1
    assert certificate.number in mail.outbox[0].body
    assert mail.outbox[0].to == [eligible_trainee.email]


def test_certificate_issue_called_twice_keeps_one_certificate_and_one_email(
    program, eligible_trainee, committed
):
    with committed():
        first, created_first = certificate_issue(
            trainee=eligible_trainee, program=program
        )
    with committed():
        second, created_second = certificate_issue(
            trainee=eligible_trainee, program=program
        )

    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Certificate.objects.filter(trainee=eligible_trainee).count() == 1
    assert len(mail.outbox) == 1


def test_certificate_issue_not_eligible_issues_nothing(program, cohort, committed):
    trainee = UserFactory()
    EnrolmentFactory(trainee=trainee, cohort=cohort)

    with committed():
        certificate, created = certificate_issue(trainee=trainee, program=program)

    assert (certificate, created) == (None, False)
    assert not Certificate.objects.exists()
    assert mail.outbox == []


def test_certificate_issue_interrupted_after_insert_is_finished_by_next_run(
    program, eligible_trainee, committed
):
    """A worker that died after the insert left a bare row: the redelivery
    writes the PDF, signs and e-mails, without a second certificate."""
    bare = CertificateFactory(trainee=eligible_trainee, program=program)

    with committed():
        certificate, created = certificate_issue(
            trainee=eligible_trainee, program=program
        )

    assert not created
    assert certificate.pk == bare.pk
    assert certificate.pdf and certificate.credential and certificate.notified_at
    assert len(mail.outbox) == 1


def test_database_refuses_second_valid_certificate_for_same_award(
    program, eligible_trainee
):
    CertificateFactory(trainee=eligible_trainee, program=program)

    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(trainee=eligible_trainee, program=program)


def test_certificate_issue_program_with_validity_sets_expiry(program, eligible_trainee):
    ProgramCertificateSettingsFactory(program=program, validity_years=3)

    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)

    assert certificate.expires_at.year == certificate.issued_at.year + 3
    assert certificate.credential["validUntil"].startswith(
        str(certificate.issued_at.year + 3)
    )


def test_certificate_hold_blocks_issuance_until_released(
    program, eligible_trainee, django_capture_on_commit_callbacks
):
    staff = UserFactory(is_staff=True)
    hold = certificate_hold_place(
        trainee=eligible_trainee, program=program, reason="Licence check", by=staff
    )

    assert certificate_issue(trainee=eligible_trainee, program=program) == (None, False)

    with django_capture_on_commit_callbacks(execute=True):
        certificate_hold_release(hold=hold, by=staff)

    hold.refresh_from_db()
    assert hold.released_by == staff
    assert (
        Certificate.objects.get(trainee=eligible_trainee).status
        == CertificateStatus.VALID
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_certificate_hold_place_without_reason_is_refused(
    program, eligible_trainee, reason
):
    with pytest.raises(CertificateError, match="reason"):
        certificate_hold_place(trainee=eligible_trainee, program=program, reason=reason)
    assert not CertificateHold.objects.exists()


def test_certificate_hold_place_twice_is_refused(program, eligible_trainee):
    certificate_hold_place(
        trainee=eligible_trainee, program=program, reason="Licence check"
    )

    with pytest.raises(CertificateError, match="already on hold"):
        certificate_hold_place(
            trainee=eligible_trainee, program=program, reason="Again"
        )
    assert CertificateHold.objects.count() == 1


def test_certificate_hold_release_twice_is_refused(program, eligible_trainee):
    hold = certificate_hold_place(
        trainee=eligible_trainee, program=program, reason="Licence check"
    )
    certificate_hold_release(hold=hold)

    with pytest.raises(CertificateError, match="already been released"):
        certificate_hold_release(hold=hold)


def test_certificate_revoke_records_reason_and_who(program, eligible_trainee):
    staff = UserFactory(is_staff=True)
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)

    certificate_revoke(certificate=certificate, reason="Licence surrendered", by=staff)

    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.status_reason == "Licence surrendered"
    assert certificate.status_changed_by == staff
    assert certificate.public_status == "revoked"


@pytest.mark.parametrize("reason", ["", "  "])
def test_certificate_revoke_without_reason_changes_nothing(
    program, eligible_trainee, reason
):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)

    with pytest.raises(CertificateError, match="reason"):
        certificate_revoke(certificate=certificate, reason=reason)

    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_certificate_revoke_already_revoked_is_refused(program, eligible_trainee):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    certificate_revoke(certificate=certificate, reason="First")

    with pytest.raises(CertificateError, match="revoked"):
        certificate_revoke(certificate=certificate, reason="Second")
    certificate.refresh_from_db()
    assert certificate.status_reason == "First"


def test_certificate_reissue_supersedes_old_and_links_new(
    program, eligible_trainee, committed
):
    with committed():
        old, _ = certificate_issue(trainee=eligible_trainee, program=program)
    eligible_trainee.certificate_name = "Maria Delgado-Ruiz, PsyD"
    eligible_trainee.save()

    with committed():
        new = certificate_reissue(certificate=old, reason="Name change")

    old.refresh_from_db()
    assert old.status == CertificateStatus.SUPERSEDED
    assert old.status_reason == "Name change"
    assert old.superseded_by == new
    assert new.number != old.number
    assert new.holder_name == "Maria Delgado-Ruiz, PsyD"
    assert new.status == CertificateStatus.VALID and new.pdf and new.credential
    assert len(mail.outbox) == 2  # the first issue, then the replacement


def test_certificate_reissue_repeated_returns_same_successor(program, eligible_trainee):
    old, _ = certificate_issue(trainee=eligible_trainee, program=program)

    first = certificate_reissue(certificate=old, reason="Name change")
    second = certificate_reissue(certificate=old, reason="Name change")

    assert first.pk == second.pk
    assert Certificate.objects.filter(trainee=eligible_trainee).count() == 2


def test_certificate_reissue_request_of_revoked_is_refused(program, eligible_trainee):
    certificate, _ = certificate_issue(trainee=eligible_trainee, program=program)
    certificate_revoke(certificate=certificate, reason="Fraud")

    with pytest.raises(CertificateError, match="Only a valid certificate"):
        certificate_reissue_request(certificate=certificate, reason="Name change")


def test_certificates_issue_for_cohort_walks_all_batches_and_skips_ineligible(
    program, cohort, committed
):
    eligible = [UserFactory() for _ in range(5)]
    for trainee in eligible:
        make_eligible(trainee, program, cohort=cohort)
    not_yet = UserFactory()
    EnrolmentFactory(trainee=not_yet, cohort=cohort)

    # Eager mode runs each next batch inline: 6 trainees in batches of 2.
    with committed():
        issued = certificates_issue_for_cohort.delay(cohort.pk, 0, 2).get()

    assert issued == 2  # this batch's count; the rest ran in follow-up batches
    assert set(Certificate.objects.values_list("trainee_id", flat=True)) == {
        t.pk for t in eligible
    }
    assert len(mail.outbox) == 5
    # Running the whole cohort again issues nothing new.
    assert certificates_issue_for_cohort.delay(cohort.pk, 0, 2).get() == 0
    assert Certificate.objects.count() == 5


def test_certificate_issue_award_task_issues_ce_certificate_once(program, committed):
    trainee = UserFactory(licence_number="PSY 12345")
    details = {
        "licence_number": "PSY 12345",
        "activity_dates": "October 3, 2026",
        "delivery_format": "Live interactive webinar",
        "credits": [{"body": "APA", "credits": "3", "approval": "Sponsor #1234"}],
    }

    with committed():
        numbers = {
            certificate_issue_award_task.delay(
                trainee.pk,
                "ce:41",
                "ce",
                "Ethics of KAP: Consent",
                program.pk,
                180,
                details,
            ).get()
            for _ in range(2)
        }

    certificate = Certificate.objects.get(trainee=trainee)
    assert numbers == {certificate.number}
    assert certificate.kind == "ce" and certificate.details == details
    assert certificate.credential["credentialSubject"]["achievement"][
        "achievementType"
    ] == ("CertificateOfCompletion")
    assert len(mail.outbox) == 1


def test_public_status_valid_certificate_past_expiry_reads_expired(
    program, eligible_trainee
):
    certificate = CertificateFactory(
        trainee=eligible_trainee,
        program=program,
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )

    assert certificate.public_status == "expired"
    assert not Certificate.objects.current().exists()


def test_certificate_saved_without_award_key_derives_it_from_program(
    program, eligible_trainee
):
    certificate = Certificate.objects.create(
        trainee=eligible_trainee,
        program=program,
        award_title="Certified KAP Practitioner",
        holder_name="M",
    )

    assert certificate.award_key == program_award_key(program.pk)


def test_database_refuses_certificate_without_award(eligible_trainee):
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            trainee=eligible_trainee, award_title="Something", holder_name="M"
        )
